using System.Collections.Concurrent;
using System.Net;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lethe.Web.Tests.Hosting;

/// <summary>
/// A failure on a page whose address holds a secret (the privacy centre's status page: the person's status token) is
/// logged by the route it happened on, never by its path, so the token does not end up in the operator's logs.
/// </summary>
public sealed class ErrorLoggingTests
{
    private const string Token = "st4tus-t0ken-of-a-person-7f3a9c";

    [Fact]
    public async Task An_exception_on_the_status_page_is_logged_by_its_route_without_the_token()
    {
        var logs = new CapturedLogs();
        await using var server = await LetheServer.StartAsync(configure: builder =>
        {
            builder.Logging.AddProvider(logs);
            builder.Services.Configure<MvcOptions>(o => o.Filters.Add(new ThrowOnPage("/p/shop/status", () => new InvalidOperationException("A bug on the status page."))));
        });
        await server.Database.CreateTenantAsync("shop");
        using var client = server.Anonymous();

        var response = await client.GetAsync($"/p/shop/status/{Token}");

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var entries = logs.Entries.ToList();
        entries.ShouldContain(e => e.Contains("Unhandled error on GET /p/{tenant}/status/{token}", StringComparison.Ordinal), string.Join("\n", entries));
        entries.ShouldNotContain(e => e.Contains(Token, StringComparison.Ordinal));
    }

    /// <summary>Every entry at Warning and above (what an operator keeps), message and exception text together.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    logs.Entries.Enqueue($"{formatter(state, exception)} {exception} {state}");
                }
            }
        }
    }
}
