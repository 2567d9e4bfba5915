namespace Lethe.Notices;

/// <summary>One thing a notice promises or lacks: its line as the API and the CLI give it, and the same in words of a language.</summary>
public sealed class NoticeFact(string line, Func<string, string> say)
{
    public string Line { get; } = line;

    public string Say(string language) => say(language);
}
