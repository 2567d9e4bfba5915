using System.Text.Json;
using Lethe.Execution;

namespace Lethe.Requests;

/// <summary>A request with its steps, as the console and the API show it.</summary>
public sealed record RequestView(DataRequest Request, IReadOnlyList<RequestStep> Steps)
{
    public IReadOnlyList<Identity> Identities => JsonSerializer.Deserialize<List<Identity>>(Request.IdentitiesJson) ?? [];
}
