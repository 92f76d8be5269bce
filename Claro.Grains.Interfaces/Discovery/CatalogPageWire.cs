using System.Text.Json;
using System.Text.Json.Serialization;

namespace Claro.Discovery;

/// <summary>
/// A <see cref="CatalogPage"/> between silo and API as one UTF-8 JSON blob. Orleans' serializer
/// tracks every object and string of a message (for cycles); past 64 it allocates two dictionaries
/// per message on each side and grows them. A page of products is several hundred, and those
/// dictionaries were half of what a discovery request allocated (bench/README, "Discovery
/// allocations"). A blob is one reference.
/// </summary>
[GenerateSerializer, Immutable, Alias("claro.catalog-page-wire")]
public readonly record struct CatalogPageWire([property: Id(0)] byte[] Json);

[RegisterConverter]
public sealed class CatalogPageWireConverter : IConverter<CatalogPage, CatalogPageWire>
{
    public CatalogPage ConvertFromSurrogate(in CatalogPageWire surrogate) =>
        JsonSerializer.Deserialize(surrogate.Json, CatalogWireJson.Default.CatalogPage)
        ?? throw new JsonException("A catalog page on the wire was null.");

    public CatalogPageWire ConvertToSurrogate(in CatalogPage value) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, CatalogWireJson.Default.CatalogPage));
}

[JsonSerializable(typeof(CatalogPage))]
internal sealed partial class CatalogWireJson : JsonSerializerContext;
