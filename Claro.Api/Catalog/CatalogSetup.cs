using Claro.Platform;

namespace Claro.Api.Catalog;

public static class CatalogSetup
{
    /// <summary>The file store behind product uploads: local disk under <c>CLARO_FILE_STORE_PATH</c>.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, ClaroSettings settings) =>
        services.AddSingleton<IFileStore>(_ => new LocalDiskFileStore(settings.FileStorePath));
}
