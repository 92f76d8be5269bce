using Claro.Accounts;
using Claro.Platform;
using Microsoft.Extensions.Caching.Memory;

namespace Claro.Api.Accounts;

/// <summary>
/// The account's token version and roles, as every authenticated request needs them, kept for a
/// moment so a busy buyer's requests do not each ask the account grain. A token newer than what is
/// kept refreshes it at once; a password change or role grant reaches every API copy within
/// <see cref="KeepFor"/> (at once on the copy that changed the password).
/// </summary>
public sealed class AccountSessions(IClusterClient cluster, IMemoryCache cache)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(2);

    public async Task<AccountSession> GetAsync(string userId, int tokenVersion)
    {
        if (cache.TryGetValue(CacheKey(userId), out AccountSession? kept) && kept!.TokenVersion >= tokenVersion)
            return kept;
        AccountSession session;
        using (Caller.Use(new Caller(userId, [])))
            session = await cluster.GetGrain<IAccountGrain>(userId).GetSessionAsync();
        cache.Set(CacheKey(userId), session, KeepFor);
        return session;
    }

    public void Forget(string userId) => cache.Remove(CacheKey(userId));

    private static string CacheKey(string userId) => "account-session:" + userId;
}
