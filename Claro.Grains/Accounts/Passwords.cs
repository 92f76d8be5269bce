using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Claro.Accounts;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher (format v3). Hashes are made and checked only in the silo.</summary>
public static class Passwords
{
    private static readonly PasswordHasher<AccountState> Hasher = new();

    // Verified against on paths with no account, so an unknown email costs what a wrong password costs.
    private static readonly string Decoy = Hasher.HashPassword(null!, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    public static PasswordVerificationResult Verify(string hash, string password) =>
        Hasher.VerifyHashedPassword(null!, hash, password);

    public static void VerifyDecoy(string password) => Verify(Decoy, password);
}
