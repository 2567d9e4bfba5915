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
            Description = "Privacy operations: requests from people, consent, retention, the data map and its records, breaches, " +
                "processors and the compliance calendar of each tenant; tenants, people, roles and API keys; the audit log. " +
                "Authenticate with a tenant API key (`Authorization: Bearer lethe_…`, made by a privacy officer in the console " +
                "under API keys) whose scopes allow the operation. Errors are RFC 9457 problem details.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A tenant API key: 'Authorization: Bearer lethe_…'.",
        };
        // Every operation needs the key unless it says otherwise (OpenApiAnonymousOperations): the reference asks for it.
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] });
        return Task.CompletedTask;
    }
}

/// <summary>An endpoint anyone may call (a webhook's callback, whose token is in its address) asks for no key.</summary>
internal sealed class OpenApiAnonymousOperations : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
        {
            operation.Security = [];
        }

        return Task.CompletedTask;
    }
}
