using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Claro.Accounts;
using Claro.Api.Platform;
using Claro.Platform;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Claro.Api.Accounts;

/// <summary>
/// Signed bearer tokens: any API copy with the same <c>CLARO_TOKEN_SIGNING_KEY</c> verifies them.
/// A token carries the user id and the account's token version; every request re-checks the version
/// and reads the roles from the account (through <see cref="AccountSessions"/>), so a password change
/// revokes older tokens and a role grant applies, within <see cref="AccountSessions.KeepFor"/>.
/// </summary>
public sealed class BearerTokens(ClaroSettings settings, TimeProvider clock)
{
    public const string Issuer = "claro";
    public const string Audience = "claro-api";
    public const string TokenVersionClaim = "ver";
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    public SymmetricSecurityKey SigningKey { get; } = new(Encoding.UTF8.GetBytes(settings.TokenSigningKey));

    public (string Token, DateTimeOffset ExpiresAt) Issue(SignedIn account) =>
        Issue(account.UserId, [new Claim(TokenVersionClaim, account.TokenVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer32)]);

    /// <summary>
    /// A token without a version counts as version 0, which only an id that never signed up has:
    /// tools and tests may mint such tokens for made-up users, never for a real account.
    /// </summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(string userId, IEnumerable<Claim>? extraClaims = null)
    {
        var now = clock.GetUtcNow();
        var expiresAt = now + DefaultLifetime;
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, userId) };
        claims.AddRange(extraClaims ?? []);
        var token = new JwtSecurityToken(
            Issuer, Audience, claims, now.UtcDateTime, expiresAt.UtcDateTime,
            new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256));
        return (new JwtSecurityTokenHandler().WriteToken(token), expiresAt);
    }

    public void Configure(JwtBearerOptions options)
    {
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = SigningKey,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            NameClaimType = JwtRegisteredClaimNames.Sub,
            RoleClaimType = CallerContext.RoleClaim,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        options.Events = new JwtBearerEvents { OnTokenValidated = CheckAccountAsync };
    }

    /// <summary>The signature says who; the account says whether the token is still good and what roles apply now.</summary>
    private static async Task CheckAccountAsync(TokenValidatedContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity || identity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is not { Length: > 0 } userId)
        {
            context.Fail("The token names no user.");
            return;
        }
        var version = identity.FindFirst(TokenVersionClaim)?.Value is { } claimed
            ? int.TryParse(claimed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1
            : 0;

        var session = await context.HttpContext.RequestServices.GetRequiredService<AccountSessions>().GetAsync(userId, version);

        if (session.TokenVersion != version)
        {
            context.Fail("The token was revoked.");
            return;
        }
        // Roles come from the account only, never from the token.
        foreach (var stale in identity.FindAll(CallerContext.RoleClaim).ToList())
            identity.RemoveClaim(stale);
        foreach (var role in session.Roles)
            identity.AddClaim(new Claim(CallerContext.RoleClaim, role));
    }
}

public static class CallerExtensions
{
    /// <summary>The signed-in user's id; endpoints that call this require authorization.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? throw new InvalidOperationException("No subject on an authenticated caller.");
}
