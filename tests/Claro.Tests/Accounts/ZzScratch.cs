using System.Net.Http.Json;
using Claro.Tests.Platform;
using Xunit.Abstractions;
using static Claro.Tests.Accounts.AccountHttp;
namespace Claro.Tests.Accounts;
[Collection(ApiCollection.Name)]
public sealed class ZzScratch(ApiFixture api, ITestOutputHelper output)
{
    [Fact]
    public async Task Show()
    {
        var c = api.CreateClient().FromOwnAddress();
        var e = NewEmail();
        var r = await c.SignUpAsync(e); output.WriteLine($"{r.StatusCode} {r.Headers.Location} {await r.Content.ReadAsStringAsync()}");
        r = await c.SignUpAsync(e); output.WriteLine($"{r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        r = await c.LogInAsync(e, "wrongwrongwrong"); output.WriteLine($"{r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        r = await c.LogInAsync(e); var t = (await r.Content.ReadFromJsonAsync<TokenBody>())!; output.WriteLine($"{r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        r = await api.CreateClient().WithToken(t.Token).GetAsync("/api/me"); output.WriteLine($"{r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        r = await api.CreateClient().GetAsync("/api/me"); output.WriteLine($"{r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        r = await c.PostAsJsonAsync("/api/accounts/signup", new { email = "x", password = "y" }); output.WriteLine($"{r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        for (int i = 0; i < 7; i++) { r = await c.LogInAsync(e, "wrongwrongwrong"); }
        output.WriteLine($"{r.StatusCode} {r.Headers.RetryAfter} {await r.Content.ReadAsStringAsync()}");
    }
}
