using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Api.Catalog;
using Claro.Catalog;
using Claro.Tests.Platform;
using static Claro.Tests.Catalog.CatalogScenario;

namespace Claro.Tests.Catalog;

[Collection(ApiCollection.Name)]
public sealed class ProductFileTests(ApiFixture api)
{
    [Fact]
    public async Task An_uploaded_file_is_recorded_with_its_size_and_sha256_and_the_bytes_kept_hash_the_same()
    {
        var shop = await api.NewShopAsync();
        var product = await shop.CreateProductAsync();
        var bytes = RandomBytes(3 * 1024 * 1024 + 17);

        var uploaded = await shop.UploadAsync(product.ProductId, bytes, "night-presets.zip", "application/zip");

        var recorded = Assert.Single((await shop.Owner.GetFromJsonAsync<ProductDetails>($"{shop.Admin}/{product.ProductId}"))!.Files);
        Assert.Equal(uploaded, recorded);
        Assert.Equal(bytes.Length, recorded.Size);
        Assert.Equal(Sha256Of(bytes), recorded.Sha256);
        Assert.Equal("night-presets.zip", recorded.Name);
        Assert.Equal("application/zip", recorded.ContentType);
        await using var kept = new LocalDiskFileStore(api.Claro.Settings.FileStorePath).OpenRead(recorded.FileId);
        Assert.Equal(recorded.Sha256, Sha256Of(kept));
    }

    [Fact]
    public async Task An_upload_keeps_only_the_last_segment_of_the_file_name()
    {
        var shop = await api.NewShopAsync();
        var product = await shop.CreateProductAsync();

        var uploaded = await shop.UploadAsync(product.ProductId, RandomBytes(10), "../../etc/passwd");

        Assert.Equal("passwd", uploaded.Name);
    }

    [Fact]
    public async Task An_upload_without_a_file_part_is_400_naming_file()
    {
        var shop = await api.NewShopAsync();
        var product = await shop.CreateProductAsync();

        var response = await shop.Owner.PostAsync($"{shop.Admin}/{product.ProductId}/files",
            new MultipartFormDataContent { { new StringContent("not a file"), "note" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task An_upload_to_a_product_that_does_not_exist_is_404()
    {
        var shop = await api.NewShopAsync();

        var response = await shop.Owner.PostAsync($"{shop.Admin}/p_{Guid.NewGuid():N}/files", FileForm(RandomBytes(10)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

/// <summary>A host whose upload limit is one KiB, so "too large" is cheap to send.</summary>
public sealed class SmallUploadLimitHost : IAsyncLifetime
{
    public const int MaxUploadBytes = 1024;

    public CatalogHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await CatalogHost.StartAsync(
        await PostgresServer.CreateDatabaseAsync(),
        Directory.CreateTempSubdirectory("claro-test-files-").FullName,
        new Dictionary<string, string> { [Claro.Platform.ClaroSettings.MaxUploadBytesKey] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class UploadLimitTests(SmallUploadLimitHost limited) : IClassFixture<SmallUploadLimitHost>
{
    [Fact]
    public async Task A_file_of_exactly_the_configured_limit_is_accepted()
    {
        var shop = await limited.Host.NewShopAsync();
        var product = await shop.CreateProductAsync();

        var uploaded = await shop.UploadAsync(product.ProductId, RandomBytes(SmallUploadLimitHost.MaxUploadBytes));

        Assert.Equal(SmallUploadLimitHost.MaxUploadBytes, uploaded.Size);
    }

    [Fact]
    public async Task A_file_over_the_configured_limit_is_413_problem_and_nothing_is_recorded_or_kept()
    {
        var shop = await limited.Host.NewShopAsync();
        var product = await shop.CreateProductAsync();
        var before = KeptFiles();

        var response = await shop.Owner.PostAsync($"{shop.Admin}/{product.ProductId}/files", FileForm(RandomBytes(SmallUploadLimitHost.MaxUploadBytes + 1)));

        await AssertTooLargeAsync(response);
        Assert.Empty((await shop.Owner.GetFromJsonAsync<ProductDetails>($"{shop.Admin}/{product.ProductId}"))!.Files);
        Assert.Equal(before, KeptFiles());
    }

    [Fact]
    public async Task A_file_over_the_limit_sent_without_a_length_is_413_once_the_limit_is_passed()
    {
        var shop = await limited.Host.NewShopAsync();
        var product = await shop.CreateProductAsync();
        var file = new StreamContent(new UnknownLengthStream(RandomBytes(200 * SmallUploadLimitHost.MaxUploadBytes)));
        var form = new MultipartFormDataContent { { file, "file", "big.bin" } };
        var request = new HttpRequestMessage(HttpMethod.Post, $"{shop.Admin}/{product.ProductId}/files") { Content = form };
        request.Headers.TransferEncodingChunked = true;

        var response = await shop.Owner.SendAsync(request);

        await AssertTooLargeAsync(response);
        Assert.Empty((await shop.Owner.GetFromJsonAsync<ProductDetails>($"{shop.Admin}/{product.ProductId}"))!.Files);
    }

    private string[] KeptFiles() =>
        Directory.GetFiles(limited.Host.FileStorePath, "*", SearchOption.AllDirectories).Order().ToArray();

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("file_too_large", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}

/// <summary>The API on Kestrel, whose 1 MiB body limit for JSON the upload route must lift to its own.</summary>
public sealed class KestrelUploadHost : IAsyncLifetime
{
    public const int MaxUploadBytes = 4 * 1024 * 1024;

    public CatalogHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await CatalogHost.StartAsync(
        await PostgresServer.CreateDatabaseAsync(),
        Directory.CreateTempSubdirectory("claro-test-files-").FullName,
        new Dictionary<string, string> { [Claro.Platform.ClaroSettings.MaxUploadBytesKey] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        kestrel: true);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class KestrelUploadTests(KestrelUploadHost kestrel) : IClassFixture<KestrelUploadHost>
{
    [Fact]
    public async Task On_kestrel_a_file_larger_than_the_json_body_limit_but_within_the_upload_limit_is_accepted()
    {
        var shop = await kestrel.Host.NewShopAsync();
        var product = await shop.CreateProductAsync();
        var bytes = RandomBytes(3 * 1024 * 1024);

        var uploaded = await shop.UploadAsync(product.ProductId, bytes);

        Assert.Equal(Sha256Of(bytes), uploaded.Sha256);
        await using var kept = kestrel.Host.Files.OpenRead(uploaded.FileId);
        Assert.Equal(uploaded.Sha256, Sha256Of(kept));
    }

    [Fact]
    public async Task On_kestrel_a_file_over_the_upload_limit_is_413_problem()
    {
        var shop = await kestrel.Host.NewShopAsync();
        var product = await shop.CreateProductAsync();

        var response = await shop.Owner.PostAsync($"{shop.Admin}/{product.ProductId}/files", FileForm(RandomBytes(KestrelUploadHost.MaxUploadBytes + 1)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("file_too_large", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
