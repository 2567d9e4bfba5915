namespace Lethe.Web.Pages;

/// <summary>How a form sent to <see cref="FormMemory.SendAsync"/> was answered.</summary>
public abstract record FormAnswer
{
    /// <summary>This sending did the work: its own answer stands.</summary>
    public sealed record Ran : FormAnswer;

    /// <summary>The same form did the work before (or alongside) and ended in this redirect: answer with it.</summary>
    public sealed record Repeated(string Location) : FormAnswer;

    /// <summary>The same form is still at work after the longest wait: this one must not start it again.</summary>
    public sealed record StillAtWork : FormAnswer;
}
