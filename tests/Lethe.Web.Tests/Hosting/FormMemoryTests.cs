using Lethe.Web.Pages;

namespace Lethe.Web.Tests.Hosting;

/// <summary>
/// The memory behind the form-once filter, without a server: a form's work runs once however often it is sent, a copy
/// waits for the first and answers with its redirect, a first that failed lets one waiting copy do the work, a first
/// that takes too long makes copies give up instead of starting it again, and the memory forgets and stays bounded.
/// </summary>
public sealed class FormMemoryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Copies_sent_while_the_first_works_wait_for_it_and_answer_with_its_redirect()
    {
        var memory = new FormMemory(TimeSpan.FromMinutes(10), 100);
        var release = new TaskCompletionSource();
        var runs = 0;

        async Task<string?> Work()
        {
            Interlocked.Increment(ref runs);
            await release.Task;
            return "/t/shop/requests/1";
        }

        var first = memory.SendAsync("form", Work, Wait, default);
        var copies = Enumerable.Range(0, 3).Select(_ => memory.SendAsync("form", Work, Wait, default)).ToList();
        await Task.Delay(50);
        copies.ShouldAllBe(c => !c.IsCompleted, "copies wait while the first works");
        release.SetResult();

        (await first).ShouldBeOfType<FormAnswer.Ran>();
        foreach (var copy in copies)
        {
            (await copy).ShouldBe(new FormAnswer.Repeated("/t/shop/requests/1"));
        }

        runs.ShouldBe(1);
        // A copy sent after the first is done answers at once, without work.
        (await memory.SendAsync("form", Work, Wait, default)).ShouldBe(new FormAnswer.Repeated("/t/shop/requests/1"));
        runs.ShouldBe(1);
        // Another form is another form.
        (await memory.SendAsync("other form", Work, Wait, default)).ShouldBeOfType<FormAnswer.Ran>();
        runs.ShouldBe(2);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_first_that_ends_without_a_redirect_lets_exactly_one_waiting_copy_do_the_work(bool throws)
    {
        var memory = new FormMemory(TimeSpan.FromMinutes(10), 100);
        var releaseFirst = new TaskCompletionSource();
        var runs = 0;

        var first = memory.SendAsync("form", async () =>
        {
            Interlocked.Increment(ref runs);
            await releaseFirst.Task;
            if (throws)
            {
                throw new InvalidOperationException("the handler failed");
            }

            return null;
        }, Wait, default);

        async Task<string?> Redo()
        {
            Interlocked.Increment(ref runs);
            await Task.Yield();
            return "/done";
        }

        var copies = Enumerable.Range(0, 4).Select(_ => memory.SendAsync("form", Redo, Wait, default)).ToList();
        await Task.Delay(50);
        releaseFirst.SetResult();

        if (throws)
        {
            await Should.ThrowAsync<InvalidOperationException>(first);
        }
        else
        {
            (await first).ShouldBeOfType<FormAnswer.Ran>();
        }

        var answers = await Task.WhenAll(copies);
        answers.Count(a => a is FormAnswer.Ran).ShouldBe(1, "one waiting copy claims the work");
        answers.Count(a => a == new FormAnswer.Repeated("/done")).ShouldBe(3, "the rest answer with its redirect");
        runs.ShouldBe(2);
    }

    [Fact]
    public async Task A_copy_gives_up_when_the_first_is_still_at_work_and_does_not_start_it_again()
    {
        var memory = new FormMemory(TimeSpan.FromMinutes(10), 100);
        var release = new TaskCompletionSource();
        var runs = 0;

        async Task<string?> Work()
        {
            Interlocked.Increment(ref runs);
            await release.Task;
            return "/slow";
        }

        var first = memory.SendAsync("form", Work, Wait, default);
        (await memory.SendAsync("form", Work, TimeSpan.FromMilliseconds(100), default)).ShouldBeOfType<FormAnswer.StillAtWork>();
        runs.ShouldBe(1);

        release.SetResult();
        (await first).ShouldBeOfType<FormAnswer.Ran>();
        (await memory.SendAsync("form", Work, Wait, default)).ShouldBe(new FormAnswer.Repeated("/slow"));
        runs.ShouldBe(1);
    }

    [Fact]
    public async Task A_form_is_forgotten_after_the_memory_span_and_then_does_its_work_again()
    {
        long now = 0;
        var memory = new FormMemory(TimeSpan.FromMinutes(10), 100, () => now);
        var runs = 0;
        Task<string?> Work()
        {
            runs++;
            return Task.FromResult<string?>("/again");
        }

        (await memory.SendAsync("form", Work, Wait, default)).ShouldBeOfType<FormAnswer.Ran>();
        now += (long)TimeSpan.FromMinutes(9).TotalMilliseconds;
        (await memory.SendAsync("form", Work, Wait, default)).ShouldBeOfType<FormAnswer.Repeated>();
        runs.ShouldBe(1);

        now += (long)TimeSpan.FromMinutes(2).TotalMilliseconds;
        (await memory.SendAsync("form", Work, Wait, default)).ShouldBeOfType<FormAnswer.Ran>();
        runs.ShouldBe(2);
    }

    [Fact]
    public async Task Past_its_cap_the_memory_remembers_nothing_more_and_every_form_does_its_work()
    {
        long now = 0;
        var memory = new FormMemory(TimeSpan.FromMinutes(10), 3, () => now);
        var runs = 0;
        Task<string?> Work()
        {
            runs++;
            return Task.FromResult<string?>("/x");
        }

        for (var i = 0; i < 5; i++)
        {
            (await memory.SendAsync($"form {i}", Work, Wait, default)).ShouldBeOfType<FormAnswer.Ran>();
        }

        memory.Count.ShouldBe(3);
        (await memory.SendAsync("form 4", Work, Wait, default)).ShouldBeOfType<FormAnswer.Ran>("not remembered past the cap");
        (await memory.SendAsync("form 0", Work, Wait, default)).ShouldBeOfType<FormAnswer.Repeated>("remembered within the cap");
        runs.ShouldBe(6);

        // Once they age out (pruned at most once a minute), there is room again.
        now += (long)TimeSpan.FromMinutes(11).TotalMilliseconds;
        (await memory.SendAsync("form 5", Work, Wait, default)).ShouldBeOfType<FormAnswer.Ran>();
        memory.Count.ShouldBe(1);
    }
}
