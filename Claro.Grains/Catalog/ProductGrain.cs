using Claro.Discovery;
using Claro.Library;
using Claro.Platform;
using Claro.Tenants;
using Npgsql;

namespace Claro.Catalog;

public sealed class ProductGrain(
    [PersistentState(StorageNames.Product, StorageNames.Provider)] IPersistentState<ProductState> product,
    TimeProvider clock,
    NpgsqlDataSource database,
    ISlugClaimFaults faults,
    ProductDeliveries deliveries) : Grain, IProductGrain
{
    private readonly CatalogProjection _catalog = new(database);
    private string? _tenantSlug;

    private string TenantId => TenantKey.TenantOf(this.GetPrimaryKeyString());
    private string ProductId => TenantKey.IdOf(this.GetPrimaryKeyString());
    private ProductState State => product.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The catalog row is written after the product: a crash between them heals here.
        if (State.Exists)
            await ProjectAsync();
    }

    public async Task<ProductDetails> CreateAsync(NewProduct request)
    {
        var creator = Caller.Required.UserId;
        var errors = new FieldErrors();
        var title = (request.Title ?? "").Trim();
        errors.Add("title", ProductRules.TitleProblem(title));
        var slugGiven = !string.IsNullOrWhiteSpace(request.Slug);
        var slug = slugGiven ? request.Slug!.Trim() : ProductSlug.FromTitle(title);
        if (slugGiven || errors.Count == 0)
            errors.Add("slug", ProductSlug.Problem(slug));
        errors.AddAll(ProductRules.PriceProblems(request.Price));
        var visibility = Normalise(request.Visibility) ?? Visibility.Draft;
        errors.Add("visibility", ProductRules.VisibilityProblem(visibility));
        var category = Normalise(request.Category) ?? Categories.Other;
        errors.Add("category", ProductRules.CategoryProblem(category));
        var (tags, tagProblems) = ProductRules.NormaliseTags(request.Tags ?? []);
        errors.Add("tags", tagProblems);
        var description = request.Description ?? "";
        errors.Add("description", LengthProblem(description, ProductRules.MaxDescriptionLength));
        var content = request.Content ?? "";
        errors.Add("content", LengthProblem(content, ProductRules.MaxContentLength));
        errors.ThrowIfAny();

        if (State.Exists)
        {
            // A retried create answers the same product; anything else is a clash of ids.
            if (State.CreatedBy == creator && State.Slug == slug)
                return ToDetails();
            throw new ConflictException("product_exists", "A product with this id already exists.");
        }

        await ClaimSlugAsync(slug);
        var now = clock.GetUtcNow();
        product.State = new ProductState
        {
            Exists = true,
            Slug = slug,
            Title = title,
            Price = request.Price!.Value with { Currency = ProductRules.NormaliseCurrency(request.Price.Value.Currency) },
            Visibility = visibility,
            Category = category,
            Tags = [.. tags],
            Description = description,
            Content = content,
            CreatedBy = creator,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        try
        {
            await product.WriteStateAsync();
        }
        catch
        {
            product.State = new ProductState();
            await SlugGrain(slug).ReleaseAsync(ProductId);
            throw;
        }
        await ProjectAsync();
        return ToDetails();
    }

    public Task<ProductDetails> GetAsync() => Task.FromResult(ToDetails());

    public async Task<ProductDetails> UpdateAsync(ProductChanges changes)
    {
        EnsureExists();
        var errors = new FieldErrors();
        var title = changes.Title?.Trim() ?? State.Title;
        errors.Add("title", ProductRules.TitleProblem(title));
        var slug = changes.Slug?.Trim() ?? State.Slug;
        errors.Add("slug", ProductSlug.Problem(slug));
        var price = State.Price;
        if (changes.Price is { } newPrice)
        {
            errors.AddAll(ProductRules.PriceProblems(newPrice));
            price = newPrice with { Currency = ProductRules.NormaliseCurrency(newPrice.Currency) };
        }
        var visibility = Normalise(changes.Visibility) ?? State.Visibility;
        errors.Add("visibility", ProductRules.VisibilityProblem(visibility));
        var category = Normalise(changes.Category) ?? State.Category;
        errors.Add("category", ProductRules.CategoryProblem(category));
        var (tags, tagProblems) = changes.Tags is null ? (State.Tags, []) : ProductRules.NormaliseTags(changes.Tags);
        errors.Add("tags", tagProblems);
        var description = changes.Description ?? State.Description;
        errors.Add("description", LengthProblem(description, ProductRules.MaxDescriptionLength));
        var content = changes.Content ?? State.Content;
        errors.Add("content", LengthProblem(content, ProductRules.MaxContentLength));
        errors.ThrowIfAny();

        var oldSlug = State.Slug;
        var slugChanged = slug != oldSlug;
        if (slugChanged)
            await ClaimSlugAsync(slug);

        var before = Copy(State);
        State.Title = title;
        State.Slug = slug;
        State.Price = price;
        State.Visibility = visibility;
        State.Category = category;
        State.Tags = [.. tags];
        State.Description = description;
        State.Content = content;
        try
        {
            await WriteAsync();
        }
        catch
        {
            product.State = before;
            if (slugChanged)
                await SlugGrain(slug).ReleaseAsync(ProductId);
            throw;
        }

        // Only once the product has moved: until then the old slug must still lead to it.
        if (slugChanged)
            await SlugGrain(oldSlug).ReleaseAsync(ProductId);
        await ProjectAsync();
        return ToDetails();
    }

    public async Task<ProductDetails> ArchiveAsync()
    {
        EnsureExists();
        if (State.Visibility != Visibility.Archived)
        {
            State.Visibility = Visibility.Archived;
            await WriteAsync();
            await ProjectAsync();
        }
        return ToDetails();
    }

    public async Task<ProductDetails> AddFileAsync(ProductFile file)
    {
        EnsureExists();
        if (State.Files.Any(f => f.FileId == file.FileId))
            return ToDetails();

        var errors = new FieldErrors();
        if (!FileIds.BelongsTo(file.FileId, TenantId))
            errors.Add("file", "The file was not uploaded for this creator.");
        if (file.Name.Length is 0 or > ProductRules.MaxFileNameLength)
            errors.Add("file", $"The file name must be 1-{ProductRules.MaxFileNameLength} characters.");
        if (file.Size < 0)
            errors.Add("file", "The size cannot be negative.");
        if (file.Sha256.Length != 64 || !file.Sha256.All(char.IsAsciiHexDigitLower))
            errors.Add("file", "The SHA-256 must be 64 lowercase hex digits.");
        errors.ThrowIfAny();
        if (State.Files.Count >= ProductRules.MaxFiles)
            throw new ConflictException("too_many_files", $"A product holds at most {ProductRules.MaxFiles} files.");

        State.Files.Add(file);
        await WriteAsync();
        await ProjectAsync();
        return ToDetails();
    }

    public async Task<ProductPage> GetPageAsync()
    {
        if (!State.Exists || !Visibility.IsOnSale(State.Visibility))
            throw new NotFoundException();
        var storefront = await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetStorefrontAsync();
        var (ratingSum, ratingCount) = await ReadRatingAsync();
        return new ProductPage(
            ProductId, State.Slug, State.Title, State.Price, State.Category, State.Tags.ToArray(), State.Description,
            new Creator(storefront.TenantId, storefront.Slug, storefront.Name),
            ratingCount == 0 ? null : (double)ratingSum / ratingCount, ratingCount);
    }

    public Task<ProductOffer> GetOfferAsync() =>
        State.Exists && Visibility.IsOnSale(State.Visibility)
            ? Task.FromResult(new ProductOffer(ProductId, State.Title, State.Price))
            : throw new NotFoundException();

    public Task<bool> ExistsAsync() => Task.FromResult(State.Exists);

    public Task<bool> HoldsSlugAsync(string slug) => Task.FromResult(State.Exists && State.Slug == slug);

    public Task<bool> IsOnSaleAsync() => Task.FromResult(State.Exists && Visibility.IsOnSale(State.Visibility));

    /// <summary>The rating aggregate the product's reviews keep on its catalog row (0005, 0008): read, never counted.</summary>
    private async Task<(long Sum, long Count)> ReadRatingAsync()
    {
        await using var command = database.CreateCommand("SELECT rating_sum, rating_count FROM catalog WHERE product_id = @product_id");
        command.Parameters.AddWithValue("product_id", ProductId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }

    public Task<ProductDelivery> GetDeliveryAsync() =>
        State.Exists
            ? Task.FromResult(new ProductDelivery(ProductId, State.Title, State.Content, State.Files.ToList()))
            : throw new NotFoundException();

    private async Task ClaimSlugAsync(string slug)
    {
        if (!await SlugGrain(slug).ClaimAsync(ProductId))
            throw new ConflictException("slug_taken", $"The slug '{slug}' is taken by another product of this storefront.");
        await faults.AfterSlugClaimedAsync(ProductId, slug);
    }

    private IProductSlugGrain SlugGrain(string slug) => GrainFactory.GetGrain<IProductSlugGrain>(TenantKey.For(TenantId, slug));

    private async Task WriteAsync()
    {
        State.UpdatedAt = clock.GetUtcNow();
        State.Version++;
        await product.WriteStateAsync();
        deliveries.Forget(this.GetPrimaryKeyString());
    }

    /// <summary>Writes the state just written to the catalog read model, which discovery and the tenant's admin list read.</summary>
    private async Task ProjectAsync()
    {
        try
        {
            // A storefront's slug never changes, so one look-up per activation is enough.
            _tenantSlug ??= await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetSlugAsync();
            await _catalog.UpsertAsync(new CatalogRow(
                ProductId, TenantId, _tenantSlug, State.Slug, State.Title, State.Description, State.Category,
                State.Tags.ToArray(), State.Price, State.Visibility, State.Files.Count, State.CreatedAt, State.UpdatedAt, State.Version));
        }
        catch
        {
            // The product's state is written; the next activation projects it again.
            DeactivateOnIdle();
            throw;
        }
    }

    private void EnsureExists()
    {
        if (!State.Exists)
            throw new NotFoundException();
    }

    private ProductDetails ToDetails()
    {
        EnsureExists();
        return new ProductDetails(
            ProductId, TenantId, State.Slug, State.Title, State.Price, State.Visibility, State.Category,
            State.Tags.ToArray(), State.Description, State.Content, State.Files.ToArray(), State.CreatedAt, State.UpdatedAt);
    }

    private static ProductState Copy(ProductState s) => new()
    {
        Exists = s.Exists, Slug = s.Slug, Title = s.Title, Price = s.Price, Visibility = s.Visibility,
        Category = s.Category, Tags = [.. s.Tags], Description = s.Description, Content = s.Content,
        Files = [.. s.Files], CreatedBy = s.CreatedBy, CreatedAt = s.CreatedAt, UpdatedAt = s.UpdatedAt, Version = s.Version,
    };

    private static string? Normalise(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    private static string? LengthProblem(string value, int max) =>
        value.Length > max ? $"At most {max} characters." : null;
}
