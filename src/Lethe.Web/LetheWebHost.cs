using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Lethe.Accounts;
using Lethe.FirstRun;
using Lethe.Storage;
using Lethe.Web.Accounts;
using Lethe.Web.Audit;
using Lethe.Web.DataMap;
using Lethe.Web.Requests;
using Lethe.Web.Records;
using Lethe.Web.Notices;
using Lethe.Web.Hosting;
using Lethe.Web.Security;
using Lethe.Web.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Lethe.Web;

/// <summary>Builds and starts the Lethe web server: API, console, health, with Lethe's core behind them.</summary>
public static class LetheWebHost
{
    public const string AuthScheme = "Lethe";
    public const string SignInRateLimit = "sign-in";
    public static readonly string[] Languages = ["en", "da", "nb"];

    /// <summary>The server with its services, before its routes and middleware (<see cref="Configure"/>).</summary>
    private static WebApplication Create(WebSettings settings, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LetheWebHost).Assembly.GetName().Name,
            // Lethe is configured by environment and options, read once at start. Reloading appsettings.json on change
            // would watch the content root (the working directory) file by file: 0.2-0.3 s of every start from a checkout.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.WebHost.UseUrls(settings.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = WebSettings.MaxRequestBodyBytes;
        });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        // EF Core logs every SQL statement at Information; parameters are hidden, but the noise buries what matters.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        // ASP.NET Core logs five lines per request at Information, the first and last with the full URL: a query string
        // can name a person (?subject=ida@example.dk), and a busy server spends more on those lines than on the answer.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddLetheCore(settings.Storage);
        services.AddHttpContextAccessor();
        services.AddScoped<PrincipalAccess>();
        services.AddScoped<CurrentTenant>();
        services.AddSingleton<Lethe.Web.PrivacyCentre.PublicRateLimits>();
        services.AddSingleton<Lethe.Web.Security.RejectedKeyAudit>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, Lethe.Web.Security.ForbiddenAnswers>();
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();

        new IdentityBuilder(typeof(LetheUser), services).AddSignInManager();
        services.AddAuthentication(AuthScheme)
            .AddPolicyScheme(AuthScheme, "API key or console cookie", o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.HasBearer(context.Request) ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(ConfigureConsoleCookie);
        services.AddAuthorization(o => o.AddPermissionPolicies());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "lethe.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
        });

        if (settings.HttpsRedirection && !settings.Urls.Contains("https://", StringComparison.OrdinalIgnoreCase))
        {
            // No HTTPS endpoint of our own: the proxy in front answers HTTPS on the standard port.
            services.Configure<Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionOptions>(o => o.HttpsPort = 443);
        }

        services.AddTrustedProxies();
        // One catalogue for pages and core (Lethe.Localization.Texts); no resource files of the web's own.
        services.AddSingleton<Microsoft.Extensions.Localization.IStringLocalizer, Lethe.Web.Localization.CatalogueLocalizer>();
        services.AddRazorPages(o =>
            {
                o.Conventions.ConfigureFilter(new MustChangePasswordFilter());
                o.Conventions.ConfigureFilter(new Lethe.Web.Pages.MissingHandlerFilter());
                o.Conventions.ConfigureFilter(new Lethe.Web.Pages.UnreadableInputFilter());
                o.Conventions.ConfigureFilter(new Lethe.Web.Pages.FormOnceFilter());
                // An old version of the notice is the same page; its number picks the version.
                o.Conventions.AddPageRoute("/PrivacyCentre/Notice", "/p/{tenant}/privacy/v/{number:int}");
            })
            .AddApplicationPart(typeof(LetheWebHost).Assembly)
            // Pages validate in their handlers, in the reader's language. The framework's validators would add English
            // messages of their own ("The Token field is required." for every non-nullable string) to the form's errors,
            // and would make UnreadableInputFilter take an empty field for a value that could not be read.
            .AddMvcOptions(o => o.ModelValidatorProviders.Clear());

        services.AddProblemDetails();
        services.AddExceptionHandler<ErrorResponses>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // A misspelt field is an error the caller should hear about, not a value silently dropped.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            // Stated, not left to the default: a body nested deeper is a 400 naming the limit, never a deep recursion.
            o.SerializerOptions.MaxDepth = Lethe.Common.InputLimits.MaxDepth;
        });
        services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiDocumentInfo>().AddOperationTransformer<OpenApiAnonymousOperations>());
        services.AddHostedService<WorkerHost>();
        services.AddHostedService<ListenersHost>();
        services.AddHostedService<Lethe.Web.Hosting.RetentionHost>();
        services.AddHostedService<Lethe.Web.Hosting.ScanHost>();
        services.AddLetheTelemetry(builder.Configuration);
        services.AddHealthChecks().AddDbContextCheck<LetheDbContext>("database", tags: ["ready"])
            .AddCheck<Lethe.Web.Hosting.WorkHealthCheck>("work", tags: ["work"])
            .AddCheck<WorkListenerHealthCheck>("work-listener", tags: ["work"])
            .AddCheck<ConsentListenerHealthCheck>("consent-listener", tags: ["work"]);

        configure?.Invoke(builder);
        // Last, so that nothing registered after it (AddDataProtection adds its hosted service again) puts it back.
        WarmUpHost.Replace(services);
        return builder.Build();
    }

    /// <summary>
    /// Builds the server and prepares its database (<see cref="PrepareAsync"/>) side by side: the database is migrated
    /// and checked while the routes and pages are laid out, which need nothing from it. The server is not started.
    /// </summary>
    /// <returns>The server, and what the first run created when the database was empty.</returns>
    public static async Task<(WebApplication App, FirstRunResult? FirstRun)> BuildAndPrepareAsync(
        WebSettings settings, CancellationToken cancellationToken, Action<WebApplicationBuilder>? configure = null)
    {
        var app = Create(settings, configure);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<FirstRunResult?>? prepare = null;
        try
        {
            // A setting the server refuses stops it before the database is touched: a first run that committed and then
            // stopped would leave an admin whose one-time password was never shown.
            app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
            prepare = Task.Run(() => PrepareAsync(app, stop.Token), stop.Token);
            Configure(app, settings);
            return (app, await prepare);
        }
        catch
        {
            // Whichever failed, the other is stopped and finished before the server is let go, and its failure is not
            // left unobserved.
            await stop.CancelAsync();
            if (prepare is not null)
            {
                await ((Task)prepare).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Migrates and, on an empty database, creates the demo tenant and first admin. Prints to the operator's terminal only.</summary>
    private static async Task<FirstRunResult?> PrepareAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var settings = scope.ServiceProvider.GetRequiredService<WebSettings>();
        await DatabaseMigrator.MigrateAsync(db, settings.Storage, cancellationToken);
        var firstRun = await scope.ServiceProvider.GetRequiredService<FirstRunSetup>().RunIfEmptyAsync(settings.AdminPassword, cancellationToken);
        if (firstRun is not null)
        {
            // A new database gets its first data protection key before the server is ready (WarmUpHost loads the key
            // ring of every later start after it): a second server started once this one is ready, as compose.yaml
            // starts them, then finds the key instead of making one of its own at the same moment.
            app.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector("Lethe.FirstRun").Protect([0]);
        }

        return firstRun;
    }

    private static void Configure(WebApplication app, WebSettings settings)
    {
        // Links in e-mails need an absolute address: without Lethe:PublicUrl, the one the server listens on.
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Services.GetRequiredService<Lethe.Common.PublicAddress>().Listening = app.Urls.FirstOrDefault(u => !u.Contains("*", StringComparison.Ordinal) && !u.Contains("+", StringComparison.Ordinal)) ?? app.Urls.FirstOrDefault());
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => ErrorResponses.WriteStatusAsync(context.HttpContext));
        app.UseRequestBodyChecks();
        app.UseSecurityHeaders();
        // Lethe usually sits behind a TLS-terminating proxy; only the proxies the operator names are believed (TrustedProxies).
        // With none named the middleware stays out: given empty lists it would believe every client.
        if (TrustedProxies.AnyIn(app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value))
        {
            app.UseForwardedHeaders();
        }
        if (settings.HttpsRedirection)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseRequestLocalization(o =>
        {
            var cultures = Languages.Select(CultureInfo.GetCultureInfo).ToList();
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            // ?culture= first: the public privacy centre keeps its language in links, having no cookies.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });

        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMustChangePasswordGate();
        app.UseCrossSiteApiWriteGuard();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        // Background work that keeps failing: for a monitor, separate from readiness so a load balancer keeps the server.
        app.MapHealthChecks("/health/work", new HealthCheckOptions { Predicate = c => c.Tags.Contains("work"), ResponseWriter = HealthAnswer.WriteAsync })
            .AllowAnonymous();
        // Duties due or overdue, counted for operators; not a health check, so a late review never takes the server out.
        app.MapDutiesHealth();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapApiReference();
        app.MapGet("/assets/lethe.css", Assets.Stylesheet).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/assets/public.css", Assets.PublicStylesheet).AllowAnonymous().ExcludeFromDescription();

        // One tag per area, so the API reference lists the operations by what they are about.
        var api = app.MapGroup("/api/v1");
        RouteGroupBuilder Area(string tag) => api.MapGroup("").WithTags(tag);
        Area("Tenants").MapTenantsApi();
        Area("People").MapUsersApi();
        Area("API keys").MapApiKeysApi();
        Area("Audit log").MapAuditApi();
        Area("Data map").MapManifestApi();
        Area("Data map").MapDatastoreSecretsApi();
        Area("Records of processing").MapRecordsApi();
        Area("Privacy notices").MapNoticesApi();
        Area("Requests").MapRequestsApi();
        Lethe.Web.Consent.ConsentApi.MapConsentApi(Area("Consent"));
        Lethe.Web.Retention.RetentionApi.MapRetentionApi(Area("Retention"));
        Lethe.Web.Scanning.ScansApi.MapScansApi(Area("Scanning"));
        Lethe.Web.Breaches.BreachesApi.MapBreachesApi(Area("Breaches"));
        Lethe.Web.Processors.ProcessorsApi.MapProcessorsApi(Area("Processors"));
        Lethe.Web.Calendar.CalendarApi.MapCalendarApi(Area("Calendar, reviews and risks"));

        Lethe.Web.PrivacyCentre.TenantTheme.MapTenantTheme(app);
        Lethe.Web.Consent.ConsentBanner.MapConsentBanner(app);
        app.MapRazorPages();
    }

    private static void ConfigureConsoleCookie(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions o)
    {
        o.Cookie.Name = "lethe.auth";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.SlidingExpiration = true;
        o.LoginPath = "/signin";
        o.LogoutPath = "/signout";
        // Every request, not every few minutes: a cookie copied before its owner signed out must stop at once.
        o.Events.OnValidatePrincipal = SessionStamp.ValidateAsync;
        o.Events.OnRedirectToLogin = context =>
        {
            if (ErrorResponses.IsApi(context.HttpContext))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            }
            else
            {
                context.Response.Redirect(context.RedirectUri);
            }

            return Task.CompletedTask;
        };

        // A denied console page answers 403 where it stands instead of redirecting to a page of its own.
        o.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }
}
