using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lethe.Tests.Support;

/// <summary>A system with an API, for webhook tests: an HTTP listener on 127.0.0.1 that records what it receives and answers as told.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public WebhookReceiver(Func<ReceivedJob, (int Status, string Body)> answer)
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var job = new ReceivedJob(context.Request.Headers["X-Lethe-Timestamp"], context.Request.Headers["X-Lethe-Signature"], body.ToArray());
                lock (Received)
                {
                    Received.Add(job);
                }

                var (status, text) = answer(job);
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                var bytes = Encoding.UTF8.GetBytes(text);
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        });
    }

    public string Url { get; }

    public List<ReceivedJob> Received { get; } = [];

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

internal sealed record ReceivedJob(string? Timestamp, string? Signature, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
}
