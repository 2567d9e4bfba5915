using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lethe.Web.Tests.Support;

/// <summary>What came back: the status (0 when the server closed without answering), the head and up to 4 KiB of the body.</summary>
public sealed record RawResponse(int Status, string Head, string Body)
{
    public static readonly RawResponse NoAnswer = new(0, "", "");
}

/// <summary>
/// Sends one HTTP/1.1 request exactly as written, over a connection of its own. HttpClient would tidy up what these
/// tests need to send: it removes <c>../</c>, re-encodes paths, refuses control characters and sends only valid text.
/// </summary>
/// <remarks>
/// Each connection comes from another address in 127.0.0.0/8 (all of it is loopback on Linux), so the per-address rate
/// limits of sign-in and the privacy centre treat every request as a new visitor and the handlers behind them run.
/// </remarks>
public sealed class RawHttp(Uri server)
{
    private const int BodyExcerpt = 4096;
    private static int _nextAddress;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <param name="target">The request target as it goes on the wire, e.g. <c>/p/x/status/%ff?a=%00</c>.</param>
    public async Task<RawResponse> SendAsync(string method, string target, IEnumerable<(string Name, string Value)> headers, byte[]? body = null)
    {
        // Without NoDelay, the head and the body written apart wait out Nagle's algorithm and a delayed ACK: 40 ms a request.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(NextAddress(), 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.ConnectAsync(server.Host, server.Port, timeout.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);

        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        // A large body waits for "100 Continue": a server that refuses on the headers alone (413) then answers at once,
        // instead of closing the connection under a client still sending.
        var waitForContinue = body is { Length: > 64 * 1024 };
        if (body is not null)
        {
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        if (waitForContinue)
        {
            head.Append("Expect: 100-continue\r\n");
        }

        head.Append("\r\n");
        var received = new MemoryStream();
        try
        {
            // Latin-1 keeps every character of the head as one byte: the tests write bytes, not text, into it.
            var headBytes = Encoding.Latin1.GetBytes(head.ToString());
            if (waitForContinue)
            {
                await stream.WriteAsync(headBytes, timeout.Token);
                if (!await ContinueAsync(stream, received, timeout.Token))
                {
                    return Parse(received.ToArray());
                }

                await stream.WriteAsync(body, timeout.Token);
            }
            else
            {
                await stream.WriteAsync(body is null ? headBytes : [.. headBytes, .. body], timeout.Token);
            }

            await ReadResponseAsync(stream, received, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // The server stopped reading and closed; whatever it answered before that is in 'received'.
        }

        return Parse(received.ToArray());
    }

    /// <summary>Reads the server's first answer: true for "100 Continue" (send the body), false for a final status, kept in <paramref name="received"/>.</summary>
    private static async Task<bool> ContinueAsync(NetworkStream stream, MemoryStream received, CancellationToken ct)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0)
            {
                return false;
            }

            received.Write(buffer, 0, read);
            var text = Encoding.Latin1.GetString(received.ToArray());
            if (text.StartsWith("HTTP/1.1 100", StringComparison.Ordinal) && text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var rest = received.ToArray()[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
                received.SetLength(0);
                received.Write(rest);
                return true;
            }

            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                await ReadResponseAsync(stream, received, ct);
                return false;
            }
        }
    }

    /// <summary>
    /// Reads until the response is complete by its Content-Length or its last chunk, not until the server closes: a
    /// server that answered before reading the body may wait for that body before it closes the connection.
    /// </summary>
    private static async Task ReadResponseAsync(NetworkStream stream, MemoryStream received, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        while (!Complete(received.GetBuffer().AsSpan(0, (int)received.Length)))
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0)
            {
                return;
            }

            received.Write(buffer, 0, read);
        }
    }

    private static bool Complete(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var head = Encoding.Latin1.GetString(bytes[..end]);
        if (head.StartsWith("HTTP/1.1 204", StringComparison.Ordinal) || head.StartsWith("HTTP/1.1 304", StringComparison.Ordinal))
        {
            return true; // no body by definition
        }

        var body = bytes[(end + 4)..];
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return body.Length >= long.Parse(line.AsSpan(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }

            if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && line.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                return body.EndsWith("0\r\n\r\n"u8);
            }
        }

        // Neither: the body runs until the server closes the connection.
        return false;
    }

    private static RawResponse Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || end < 0 || !int.TryParse(text.AsSpan(9, 3), out var status))
        {
            return RawResponse.NoAnswer;
        }

        var body = text[(end + 4)..];
        return new RawResponse(status, text[..end], body.Length > BodyExcerpt ? body[..BodyExcerpt] : body);
    }

    private static IPAddress NextAddress()
    {
        var n = Interlocked.Increment(ref _nextAddress);
        return new IPAddress([127, (byte)(1 + (n >> 16) % 250), (byte)((n >> 8) & 0xff), (byte)(1 + (n & 0xff) % 254)]);
    }
}
