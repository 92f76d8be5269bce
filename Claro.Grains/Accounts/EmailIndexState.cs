namespace Claro.Accounts;

[GenerateSerializer, Alias("claro.email-index-state")]
public sealed class EmailIndexState
{
    [Id(0)] public string? UserId { get; set; }

    /// <summary>False between claiming the email and the account being written; see <c>EmailIndexGrain.HolderAsync</c>.</summary>
    [Id(1)] public bool Confirmed { get; set; }
}
