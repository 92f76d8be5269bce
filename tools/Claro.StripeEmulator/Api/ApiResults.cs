using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Claro.StripeEmulator.Api;

public static class ApiResults
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(JsonNode node) => node.ToJsonString(Indented);

    public static IResult Json(JsonNode node, int status = 200) =>
        Results.Text(Serialize(node), "application/json", Encoding.UTF8, status);
}
