using Lethe.Execution;

namespace Lethe.Requests;

/// <summary>A request with its steps, as the console and the API show it.</summary>
public sealed record RequestView(DataRequest Request, IReadOnlyList<RequestStep> Steps)
{
    public IReadOnlyList<Identity> Identities => Request.Identities();

    /// <summary>What to call the person in a list: the full name they gave, else their e-mail address, else nothing.</summary>
    public static string? NameOf(DataRequest request)
    {
        var identities = request.Identities();
        return (identities.FirstOrDefault(i => i.Type == "full_name" && !string.IsNullOrWhiteSpace(i.Value))
            ?? identities.FirstOrDefault(i => i.Type == "email" && !string.IsNullOrWhiteSpace(i.Value)))?.Value.Trim();
    }
}
