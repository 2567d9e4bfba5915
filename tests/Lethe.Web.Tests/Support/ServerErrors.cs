using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Lethe.Web.Tests.Support;

/// <summary>
/// Keeps what a test server logs at Error and above, so a test that meets a 500 can say which exception caused it
/// (the response only says "something went wrong", as it should). Given a lower level, warnings too.
/// </summary>
public sealed class ServerErrors(LogLevel minimum = LogLevel.Error) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();
    private readonly LogLevel _minimum = minimum;

    /// <summary>The entries logged since the last call, oldest first, each the message and the exception's first lines.</summary>
    public IReadOnlyList<string> Take()
    {
        var taken = new List<string>();
        while (_entries.TryDequeue(out var entry))
        {
            taken.Add(entry);
        }

        return taken;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(ServerErrors errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= errors._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var trace = exception is null ? "" : " | " + string.Join(" | ", exception.ToString().Split('\n').Take(6).Select(l => l.Trim()));
            errors._entries.Enqueue(formatter(state, exception) + trace);
        }
    }
}
