using Lethe.Web.Hosting;

namespace Lethe.Web.Security;

/// <summary>
/// The API side of <see cref="MustChangePasswordFilter"/>: a console cookie earned with a password Lethe generated opens
/// no API endpoint until its owner has chosen their own in the console, or the one-time password (which went through a
/// terminal, a chat or an e-mail) would be as good as a real one there. API keys belong to no person and pass.
/// </summary>
public static class MustChangePasswordGate
{
    public static IApplicationBuilder UseMustChangePasswordGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (ErrorResponses.IsApi(context) && context.User.Identity?.IsAuthenticated == true)
        {
            var principal = context.RequestServices.GetRequiredService<PrincipalAccess>();
            if (!principal.IsApiKey && await principal.GetUserAsync(context.RequestAborted) is { MustChangePassword: true })
            {
                await ErrorResponses.WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Choose your own password first.",
                    "You signed in with a one-time password. Choose your own in the console at /account/password; until then this " +
                    "session reaches no API endpoint. API keys are not affected.");
                return;
            }
        }

        await next(context);
    });
}
