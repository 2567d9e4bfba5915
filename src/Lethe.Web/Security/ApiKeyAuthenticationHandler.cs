using System.Security.Claims;
using System.Text.Encodings.Web;
using Lethe.Accounts;
using Lethe.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lethe.Web.Security;

/// <summary>Authenticates <c>Authorization: Bearer lethe_…</c> against the hashed keys in the database.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCommands keys,
    AuditLog audit,
    RejectedKeyAudit rejections)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!HasBearer(Request))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var key = await keys.AuthenticateAsync(secret, Context.RequestAborted);
        if (key is null)
        {
            var (record, unrecorded) = rejections.Next();
            if (record)
            {
                // The hint helps an operator find which key a client still uses; the rest of the secret is never written.
                var details = new Dictionary<string, string?> { ["hint"] = secret.Length >= 4 ? secret[^4..] : "" };
                if (unrecorded > 0)
                {
                    details["unrecordedBefore"] = unrecorded.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await audit.SaveChangesAsync(new AuditEvent(AuditActor.Anonymous, AuditActions.ApiKeyRejected, null, null, details), Context.RequestAborted);
            }
            return AuthenticateResult.Fail("The API key is unknown, revoked or expired.");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()),
            new Claim(ClaimTypes.Name, key.Name),
            new Claim(PrincipalAccess.ApiKeyIdClaim, key.Id.ToString()),
            new Claim(PrincipalAccess.ApiKeyTenantClaim, key.TenantId.ToString()),
            new Claim(PrincipalAccess.ApiKeyScopesClaim, key.Scopes),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
