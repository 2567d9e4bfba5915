using Lethe.Breaches;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Breaches;

public sealed class BreachClockTests
{
    private static DateTime Utc(string zone, int year, int month, int day, int hour, int minute) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), TimeZoneInfo.FindSystemTimeZoneById(zone));

    private static DateTime Local(string zone, DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById(zone));

    [Theory]
    [InlineData("Europe/Copenhagen")]
    [InlineData("Europe/Oslo")]
    public void Awareness_at_23_30_on_the_last_Sunday_of_March_ends_exactly_72_elapsed_hours_later(string zone)
    {
        // 29 March 2026: the clocks went forward at 02:00, so 23:30 that evening is already summer time (UTC+2).
        var aware = Utc(zone, 2026, 3, 29, 23, 30);
        aware.ShouldBe(new DateTime(2026, 3, 29, 21, 30, 0, DateTimeKind.Utc));

        var clock = new BreachClock(aware);

        clock.Deadline.ShouldBe(new DateTime(2026, 4, 1, 21, 30, 0, DateTimeKind.Utc));
        Local(zone, clock.Deadline).ShouldBe(new DateTime(2026, 4, 1, 23, 30, 0));
    }

    [Theory]
    [InlineData("Europe/Copenhagen")]
    [InlineData("Europe/Oslo")]
    public void Awareness_the_evening_before_the_spring_change_ends_an_hour_later_on_the_wall_than_three_calendar_days(string zone)
    {
        // 23:30 winter time on Saturday 28 March; the night that follows is an hour short.
        var clock = new BreachClock(Utc(zone, 2026, 3, 28, 23, 30));

        (clock.Deadline - clock.AwareAt).ShouldBe(TimeSpan.FromHours(72));
        Local(zone, clock.Deadline).ShouldBe(new DateTime(2026, 4, 1, 0, 30, 0));
    }

    [Theory]
    [InlineData("Europe/Copenhagen")]
    [InlineData("Europe/Oslo")]
    public void Awareness_the_evening_before_the_October_change_ends_an_hour_earlier_on_the_wall(string zone)
    {
        // 23:30 summer time on Saturday 24 October 2026; the clocks go back at 03:00 on the 25th, a night an hour long.
        var clock = new BreachClock(Utc(zone, 2026, 10, 24, 23, 30));

        clock.AwareAt.ShouldBe(new DateTime(2026, 10, 24, 21, 30, 0, DateTimeKind.Utc));
        clock.Deadline.ShouldBe(new DateTime(2026, 10, 27, 21, 30, 0, DateTimeKind.Utc));
        Local(zone, clock.Deadline).ShouldBe(new DateTime(2026, 10, 27, 22, 30, 0));
    }

    [Fact]
    public void A_notification_at_the_deadline_is_on_time_and_one_tick_later_is_late()
    {
        var start = new DateTimeOffset(2026, 10, 24, 21, 30, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        var clock = new BreachClock(start.UtcDateTime);

        time.Advance(TimeSpan.FromHours(72));
        var now = time.GetUtcNow().UtcDateTime;
        now.ShouldBe(clock.Deadline);
        clock.IsLate(now).ShouldBeFalse();
        clock.Left(now).ShouldBe(TimeSpan.Zero);

        time.Advance(TimeSpan.FromTicks(1));
        clock.IsLate(time.GetUtcNow().UtcDateTime).ShouldBeTrue();
        clock.Left(time.GetUtcNow().UtcDateTime).ShouldBe(TimeSpan.FromTicks(-1));
    }

    [Fact]
    public void Reminders_fall_at_24_48_and_66_hours_and_come_due_one_by_one()
    {
        var start = new DateTimeOffset(2026, 3, 29, 21, 30, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        var clock = new BreachClock(start.UtcDateTime);

        clock.Reminders.ShouldBe([start.UtcDateTime.AddHours(24), start.UtcDateTime.AddHours(48), start.UtcDateTime.AddHours(66)]);
        clock.RemindersDue(time.GetUtcNow().UtcDateTime).ShouldBeEmpty();
        clock.NextReminder(time.GetUtcNow().UtcDateTime).ShouldBe(start.UtcDateTime.AddHours(24));

        time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromTicks(1));
        clock.RemindersDue(time.GetUtcNow().UtcDateTime).ShouldBeEmpty();
        time.Advance(TimeSpan.FromTicks(1));
        clock.RemindersDue(time.GetUtcNow().UtcDateTime).Count.ShouldBe(1);

        time.Advance(TimeSpan.FromHours(42));
        clock.RemindersDue(time.GetUtcNow().UtcDateTime).Count.ShouldBe(3);
        clock.NextReminder(time.GetUtcNow().UtcDateTime).ShouldBeNull();
        clock.IsLate(time.GetUtcNow().UtcDateTime).ShouldBeFalse();
    }

    [Fact]
    public void A_local_time_is_refused_so_a_DST_night_cannot_shorten_the_clock()
    {
        Should.Throw<ArgumentException>(() => new BreachClock(new DateTime(2026, 3, 29, 23, 30, 0, DateTimeKind.Local)));
        Should.Throw<ArgumentException>(() => new BreachClock(new DateTime(2026, 3, 29, 23, 30, 0, DateTimeKind.Unspecified)));
    }

    [Theory]
    [InlineData("Europe/Copenhagen")]
    [InlineData("Europe/Oslo")]
    public void The_reminder_due_is_the_latest_whose_time_has_come_and_none_after_the_deadline(string zone)
    {
        // 23:30 on Saturday 28 March 2026, winter time; the night after is an hour short, and the clock does not care.
        var aware = Utc(zone, 2026, 3, 28, 23, 30);
        var clock = new BreachClock(aware);

        clock.ReminderDue(aware.AddHours(24).AddTicks(-1)).ShouldBeNull();
        clock.ReminderDue(aware.AddHours(24)).ShouldBe(TimeSpan.FromHours(24));
        Local(zone, aware.AddHours(24)).ShouldBe(new DateTime(2026, 3, 30, 0, 30, 0), "24 elapsed hours across the spring change end at 00:30 on the wall");
        clock.ReminderDue(aware.AddHours(47)).ShouldBe(TimeSpan.FromHours(24));
        clock.ReminderDue(aware.AddHours(48)).ShouldBe(TimeSpan.FromHours(48));
        clock.ReminderDue(aware.AddHours(66)).ShouldBe(TimeSpan.FromHours(66));
        clock.ReminderDue(aware.AddHours(72)).ShouldBe(TimeSpan.FromHours(66), "exactly 72 hours is still on time");
        clock.ReminderDue(aware.AddHours(72).AddTicks(1)).ShouldBeNull();
    }
}
