using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Claro.StripeEmulator.Tests;

/// <summary>Headless Chromium driven over the DevTools protocol: navigate, evaluate, click, screenshot.</summary>
public sealed class Chromium : IAsyncDisposable
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome"];

    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private Chromium(Process process, DirectoryInfo profile)
    {
        _process = process;
        _profile = profile;
    }

    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .SelectMany(dir => Names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    public static async Task<Chromium> LaunchAsync()
    {
        var profile = Directory.CreateTempSubdirectory("claro-chromium-");
        var start = new ProcessStartInfo(Find() ?? throw new InvalidOperationException("Chromium is not installed: apt-get install chromium (.ci/run installs it)."))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--user-data-dir={profile.FullName}", "--remote-debugging-port=0", "--window-size=900,800", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var browser = new Chromium(process, profile);
        try
        {
            await browser.ConnectAsync();
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    public async Task NavigateAsync(string url)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        await WaitForPageAsync(href => href.StartsWith(url, StringComparison.Ordinal));
    }

    /// <summary>Clicks the element and waits for the new document it leads to.</summary>
    public async Task ClickAsync(string selector, Func<string, bool> arrivedAt)
    {
        await EvaluateAsync($"window.__claroLeft = true; document.querySelector({JsonSerializer.Serialize(selector)}).click()");
        await WaitForPageAsync(arrivedAt, newDocument: true);
    }

    public async Task<string> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        return result["result"]?["value"]?.ToString() ?? "";
    }

    public async Task<byte[]> ScreenshotAsync() =>
        Convert.FromBase64String((await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }))["data"]!.GetValue<string>());

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _receiving;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task ConnectAsync()
    {
        var portFile = Path.Combine(_profile.FullName, "DevToolsActivePort");
        var port = await Until(() => File.Exists(portFile) && File.ReadAllLines(portFile) is [var p, ..] ? p : null, "DevTools port");
        using var http = new HttpClient();
        var targets = await http.GetFromJsonAsync<JsonArray>($"http://127.0.0.1:{port}/json/list");
        var page = targets!.First(t => t!["type"]!.GetValue<string>() == "page")!;
        await _socket.ConnectAsync(new Uri(page["webSocketDebuggerUrl"]!.GetValue<string>()), CancellationToken.None);
        _receiving = ReceiveRepliesAsync();
    }

    /// <summary>
    /// Polls the page; while it navigates an evaluation can fail or go unanswered, which only
    /// means "not yet".
    /// </summary>
    private Task WaitForPageAsync(Func<string, bool> arrivedAt, bool newDocument = false) =>
        Until(async () =>
        {
            try
            {
                var result = await SendAsync("Runtime.evaluate", new JsonObject
                {
                    ["expression"] = "[location.href, document.readyState, String(window.__claroLeft === true)].join(' ')",
                    ["returnByValue"] = true,
                }, TimeSpan.FromSeconds(2));
                var parts = (result["result"]?["value"]?.ToString() ?? "").Split(' ');
                return parts is [var href, "complete", var left] && arrivedAt(href) && (!newDocument || left == "false") ? href : null;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                return null;
            }
        }, "page load");

    private async Task<JsonObject> SendAsync(string method, JsonObject parameters, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
            var answer = await reply.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(20));
            return answer["error"] is { } error
                ? throw new InvalidOperationException($"{method} failed: {error}")
                : answer["result"]!.AsObject();
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Hands each reply to the call waiting for its id; events are ignored.</summary>
    private async Task ReceiveRepliesAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }
                var reply = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (reply["id"] is { } id && _pending.TryGetValue(id.GetValue<int>(), out var waiter))
                {
                    waiter.TrySetResult(reply);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private static Task<string> Until(Func<string?> probe, string what) => Until(() => Task.FromResult(probe()), what);

    private static async Task<string> Until(Func<Task<string?>> probe, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Chromium: no {what} before the deadline.");
            }
            await Task.Delay(25);
        }
    }
}
