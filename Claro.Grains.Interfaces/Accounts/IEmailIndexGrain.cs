using Claro.Platform;

namespace Claro.Accounts;

/// <summary>
/// Email → user index, keyed by the normalised email (<see cref="EmailAddress.Normalize"/>). One
/// activation per email serialises every signup for it, so two concurrent signups end with one account.
/// </summary>
[Alias("claro.email-index")]
public interface IEmailIndexGrain : IGrainWithStringKey
{
    /// <summary>Creates the account for this email; <see cref="ConflictException"/> <c>email_taken</c> when it has one.</summary>
    [Alias("sign-up"), Allow(Who.Anyone)]
    Task<SignedIn> SignUpAsync(NewAccount account);

    /// <summary>
    /// Who to issue a token for, or null for an unknown email and a wrong password alike; both
    /// paths verify a password hash, so the time taken does not tell them apart either.
    /// </summary>
    [Alias("log-in"), Allow(Who.Anyone)]
    Task<SignedIn?> LogInAsync(string password);

    /// <summary>The user id holding this email, or null: for adding tenant members by email, and for ops tools.</summary>
    [Alias("find-user-id"), Allow(Who.Internal, Who.PlatformAdmin)]
    Task<string?> FindUserIdAsync();
}
