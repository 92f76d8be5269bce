using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Claro.Platform;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Claro.Api.Accounts;

/// <summary>
/// Signed bearer tokens: any API copy with the same <c>CLARO_TOKEN_SIGNING_KEY</c> verifies them.
/// </summary>
public sealed class BearerTokens(ClaroSettings settings, TimeProvider clock)
{
    public const string Issuer = "claro";
    public const string Audience = "claro-api";
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    public SymmetricSecurityKey SigningKey { get; } = new(Encoding.UTF8.GetBytes(settings.TokenSigningKey));

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
            ClockSkew = TimeSpan.FromSeconds(30),
        };
    }
}

public static class CallerExtensions
{
    /// <summary>The signed-in user's id; endpoints that call this require authorization.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? throw new InvalidOperationException("No subject on an authenticated caller.");
}
