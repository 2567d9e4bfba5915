using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Lethe.Web.Hosting;

/// <summary>Title, description and the API key scheme of the OpenAPI document.</summary>
internal sealed class OpenApiDocumentInfo : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Lethe API",
            Version = "v1",
            Description = "Privacy operations: tenants, people and roles, API keys, the audit log. Errors are RFC 9457 problem details.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A tenant API key: 'Authorization: Bearer lethe_…'.",
        };
        return Task.CompletedTask;
    }
}
