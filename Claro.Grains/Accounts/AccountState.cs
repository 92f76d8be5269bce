namespace Claro.Accounts;

[GenerateSerializer, Alias("claro.account-state")]
public sealed class AccountState
{
    /// <summary>Null until the account is created through the email index.</summary>
    [Id(0)] public string? Email { get; set; }
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public string PasswordHash { get; set; } = "";
    [Id(3)] public int TokenVersion { get; set; }
    /// <summary>Platform roles granted by ops (<c>ops</c>, <c>admin</c>); <c>customer</c> and <c>creator</c> are derived.</summary>
    [Id(4)] public List<string> GrantedRoles { get; set; } = [];
    [Id(5)] public Dictionary<string, TenantMembership> Tenants { get; set; } = [];
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set when the email index gave up on a claim by this id: the id can never become an account.</summary>
    [Id(7)] public bool Retired { get; set; }
}
