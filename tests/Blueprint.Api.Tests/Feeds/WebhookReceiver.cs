using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Blueprint.Api.Tests.Feeds;

/// <summary>A partner's endpoint on loopback: records every request and answers with the status <see cref="Answer"/> gives for the n-th call (1-based).</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private int calls;

    public sealed record Received(IReadOnlyDictionary<string, string> Headers, string Body);

    public ConcurrentQueue<Received> Requests { get; } = new();

    public Func<int, int> Answer { get; init; } = _ => 200;

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook/";

    public WebhookReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/hook/");
        listener.Prefixes.Add($"http://localhost:{Port}/hook/");
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new Received(headers, body));
            var status = Answer(Interlocked.Increment(ref calls));
            context.Response.StatusCode = status;
            if (status is >= 300 and < 400)
            {
                context.Response.RedirectLocation = Url + "elsewhere";
            }
            context.Response.Close();
        }
    }

    /// <summary>Waits (up to a generous limit) until a request satisfies <paramref name="match"/>.</summary>
    public async Task<Received> WaitForAsync(Func<Received, bool> match, int count = 1)
    {
        for (var i = 0; i < 1200; i++)
        {
            var found = Requests.Where(match).ToList();
            if (found.Count >= count)
            {
                return found[count - 1];
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"No request matched within 60 s; {Requests.Count} received.");
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
    }
}
