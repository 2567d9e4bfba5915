using Lethe.Consent;
using Lethe.Messages;
using Lethe.Requests;
using Lethe.Retention;
using Lethe.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lethe.Tests.Common;

/// <summary>Each settings class: its defaults are usable, and each wrong value is refused with a sentence naming the setting.</summary>
public sealed class SettingsValidationTests
{
    [Fact]
    public void The_defaults_have_no_problems()
    {
        new WorkerOptions().Problems().ShouldBeEmpty();
        new MailOptions().Problems().ShouldBeEmpty();
        new ConsentOptions().Problems().ShouldBeEmpty();
        new RetentionOptions().Problems().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("IntervalSeconds", "-1", "Lethe:Worker:IntervalSeconds must be between 0 (off) and 86400, not -1.")]
    [InlineData("IntervalSeconds", "86401", "Lethe:Worker:IntervalSeconds must be between 0 (off) and 86400, not 86401.")]
    [InlineData("StartDelaySeconds", "-1", "Lethe:Worker:StartDelaySeconds must be between 0 and 3600, not -1.")]
    [InlineData("StartDelaySeconds", "3601", "Lethe:Worker:StartDelaySeconds must be between 0 and 3600, not 3601.")]
    [InlineData("StepLease", "00:00:30", "Lethe:Worker:StepLease must be at least a minute (a step may take that long), not 00:00:30.")]
    [InlineData("GiveUpAfterAttempts", "0", "Lethe:Worker:GiveUpAfterAttempts must be at least 1 (the first attempt), not 0.")]
    [InlineData("GiveUpAfterAttempts", "-3", "Lethe:Worker:GiveUpAfterAttempts must be at least 1 (the first attempt), not -3.")]
    public void Worker_settings(string setting, string value, string problem) =>
        Bind<WorkerOptions>(WorkerOptions.Section, setting, value).Problems().ShouldBe([problem]);

    [Theory]
    [InlineData("IntervalSeconds", "0")]
    [InlineData("IntervalSeconds", "86400")]
    [InlineData("StartDelaySeconds", "0")]
    [InlineData("StartDelaySeconds", "3600")]
    [InlineData("StepLease", "00:01:00")]
    [InlineData("GiveUpAfterAttempts", "1")]
    public void Worker_settings_at_their_limits_are_usable(string setting, string value) =>
        Bind<WorkerOptions>(WorkerOptions.Section, setting, value).Problems().ShouldBeEmpty();

    [Fact]
    public void An_interval_of_zero_turns_the_loop_off()
    {
        Bind<WorkerOptions>(WorkerOptions.Section, "IntervalSeconds", "0").Interval.ShouldBeNull();
        new WorkerOptions().Interval.ShouldBe(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("From", "not an address", "Lethe:Mail:From 'not an address' is not an e-mail address; write e.g. \"Lethe <privacy@example.com>\".")]
    [InlineData("SmtpPort", "0", "Lethe:Mail:SmtpPort must be a port between 1 and 65535, not 0.")]
    [InlineData("SmtpPort", "65536", "Lethe:Mail:SmtpPort must be a port between 1 and 65535, not 65536.")]
    [InlineData("SmtpUser", "lethe", "Lethe:Mail:SmtpUser is set but Lethe:Mail:SmtpPassword is not; set both, or neither for a server without sign-in.")]
    [InlineData("MaxAttempts", "0", "Lethe:Mail:MaxAttempts must be between 1 and 100, not 0.")]
    [InlineData("Lease", "00:00:05", "Lethe:Mail:Lease must be at least 10 seconds, not 00:00:05.")]
    public void Mail_settings(string setting, string value, string problem) =>
        Bind<MailOptions>(MailOptions.Section, setting, value).Problems().ShouldBe([problem]);

    [Theory]
    [InlineData("From", "privacy@example.com")]
    [InlineData("SmtpPort", "465")]
    [InlineData("MaxAttempts", "100")]
    public void Mail_settings_that_are_usable(string setting, string value) =>
        Bind<MailOptions>(MailOptions.Section, setting, value).Problems().ShouldBeEmpty();

    [Theory]
    [InlineData("23:59:59", "Lethe:Consent:BrowserLifetime must be at least a day (e.g. 365.00:00:00 for a year), not 23:59:59.")]
    [InlineData("-1.00:00:00", "Lethe:Consent:BrowserLifetime must be at least a day (e.g. 365.00:00:00 for a year), not -1.00:00:00.")]
    public void Consent_settings(string value, string problem) =>
        Bind<ConsentOptions>(ConsentOptions.Section, "BrowserLifetime", value).Problems().ShouldBe([problem]);

    [Theory]
    [InlineData("BatchSize", "0", "Lethe:Retention:BatchSize must be between 1 and 100000, not 0.")]
    [InlineData("TargetBatchDuration", "00:00:00.005", "Lethe:Retention:TargetBatchDuration must be between 00:00:00.010 and 00:00:30 (the default is 00:00:00.200), or 00:00:00 for batches of BatchSize rows each, not 5 ms.")]
    [InlineData("TargetBatchDuration", "00:01:00", "Lethe:Retention:TargetBatchDuration must be between 00:00:00.010 and 00:00:30 (the default is 00:00:00.200), or 00:00:00 for batches of BatchSize rows each, not 60000 ms.")]
    [InlineData("Interval", "00:00:30", "Lethe:Retention:Interval must be at least a minute (e.g. 1.00:00:00 for daily).")]
    [InlineData("Lease", "00:00:01", "Lethe:Retention:Lease must be at least 10 seconds.")]
    [InlineData("RequestRecords", "3 years", "Lethe:Retention:RequestRecords '3 years' is not an ISO 8601 period; write e.g. P3Y or P30D.")]
    public void Retention_settings(string setting, string value, string problem) =>
        Bind<RetentionOptions>(RetentionOptions.Section, setting, value).Problems().ShouldBe([problem]);

    [Theory]
    [InlineData("TargetBatchDuration", "00:00:00")]
    [InlineData("TargetBatchDuration", "00:00:00.010")]
    [InlineData("TargetBatchDuration", "00:00:30")]
    [InlineData("BatchSize", "100000")]
    public void Retention_settings_that_are_usable(string setting, string value) =>
        Bind<RetentionOptions>(RetentionOptions.Section, setting, value).Problems().ShouldBeEmpty();

    [Theory]
    [InlineData("Lethe:Worker:IntervalSeconds", "-5", "Lethe:Worker:IntervalSeconds")]
    [InlineData("Lethe:Mail:SmtpPort", "0", "Lethe:Mail:SmtpPort")]
    [InlineData("Lethe:Consent:BrowserLifetime", "01:00:00", "Lethe:Consent:BrowserLifetime")]
    [InlineData("Lethe:Retention:BatchSize", "0", "Lethe:Retention:BatchSize")]
    public void A_wrong_setting_stops_start_up_naming_the_setting(string key, string value, string named)
    {
        using var services = Core(new Dictionary<string, string?> { [key] = value });

        var failure = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        failure.Failures.ShouldHaveSingleItem().ShouldStartWith(named);
    }

    [Fact]
    public void Start_up_passes_with_no_settings_at_all()
    {
        using var services = Core([]);

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    private static ServiceProvider Core(Dictionary<string, string?> settings)
    {
        var storage = StorageSettings.Resolve("sqlite", null, Path.Combine(Path.GetTempPath(), "lethe-settings-" + Guid.NewGuid().ToString("N"))).Value!;
        var services = new ServiceCollection().AddLogging().AddLetheCore(storage);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    private static T Bind<T>(string section, string setting, string value)
        where T : new()
    {
        var options = new T();
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"{section}:{setting}"] = value }).Build()
            .GetSection(section).Bind(options);
        return options;
    }
}
