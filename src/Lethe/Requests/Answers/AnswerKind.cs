namespace Lethe.Requests.Answers;

/// <summary>Everything found (Art. 15 access) or the portable subset (Art. 20).</summary>
public enum AnswerKind
{
    Access = 1,
    Portability,
}
