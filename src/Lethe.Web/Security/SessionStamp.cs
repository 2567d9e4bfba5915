using System.Security.Claims;
using Lethe.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lethe.Web.Security;

/// <summary>
/// Checks a console cookie on every request against its owner's security stamp in the database. Signing out, a new
/// password, a two-factor change and a revoked role give the person a new stamp, so every copy of an older cookie stops
/// working on its next request. Nothing is cached, so that holds on every server of the database at once (Identity's
/// own validator would look every five minutes, or re-issue the cookie on every request if asked to look each time);
/// the price is one read by primary key per request with a cookie, and that record then serves the request
/// (<see cref="PrincipalAccess.GetUserAsync"/>).
/// </summary>
public static class SessionStamp
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = context.Principal?.FindFirstValue(claims.UserIdClaimType);
        var stamp = context.Principal?.FindFirstValue(claims.SecurityStampClaimType);
        var user = userId is null
            ? null
            : await services.GetRequiredService<LetheDbContext>().Users.AsNoTracking()
                .SingleOrDefaultAsync(u => u.Id == userId, context.HttpContext.RequestAborted);

        if (user is not null && stamp is not null && string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            services.GetRequiredService<PrincipalAccess>().Keep(user);
            return;
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
