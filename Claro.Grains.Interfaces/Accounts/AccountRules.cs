using System.Net.Mail;
using Claro.Platform;

namespace Claro.Accounts;

/// <summary>Emails are compared and indexed trimmed and lowercased.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    public static string Normalize(string? email) => (email ?? "").Trim().ToLowerInvariant();

    /// <summary>What is wrong with a normalised email, or null when it is a plain address such as <c>ada@example.com</c>.</summary>
    public static string? Problem(string email)
    {
        if (email.Length is 0)
            return "Required.";
        if (email.Length > MaxLength)
            return $"At most {MaxLength} characters.";
        var at = email.IndexOf('@');
        var plain = at > 0 && at == email.LastIndexOf('@') && at <= 64
            && email.IndexOf('.', at) > at + 1 && !email.EndsWith('.')
            && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            // MailAddress also takes "Name <a@b.c>" and comments: only a bare address that round-trips is plain.
            && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && parsed.DisplayName.Length == 0;
        return plain ? null : "Not a valid email address.";
    }
}

/// <summary>The signup rules, enforced by the grains; the API checks the same ones to answer early.</summary>
public static class AccountRules
{
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 200;
    public const int MaxDisplayNameLength = 80;
    public const string UserIdPrefix = "u_";

    public static string NewUserId() => UserIdPrefix + Guid.NewGuid().ToString("N");

    public static string? PasswordProblem(string? password) =>
        password is null || password.Length is < MinPasswordLength or > MaxPasswordLength
            ? $"Must be {MinPasswordLength}-{MaxPasswordLength} characters."
            : null;

    public static string? DisplayNameProblem(string? displayName) =>
        (displayName ?? "").Trim().Length is 0 or > MaxDisplayNameLength
            ? $"Must be 1-{MaxDisplayNameLength} characters."
            : null;

    /// <summary>Field errors for a signup, keyed by the JSON field names; empty when it is valid.</summary>
    public static Dictionary<string, string[]> SignUpProblems(string normalizedEmail, string? password, string? displayName)
    {
        var errors = new Dictionary<string, string[]>();
        if (EmailAddress.Problem(normalizedEmail) is { } email)
            errors["email"] = [email];
        if (PasswordProblem(password) is { } pass)
            errors["password"] = [pass];
        if (DisplayNameProblem(displayName) is { } name)
            errors["displayName"] = [name];
        return errors;
    }

    public static void ThrowIfInvalidSignUp(string normalizedEmail, string? password, string? displayName)
    {
        var errors = SignUpProblems(normalizedEmail, password, displayName);
        if (errors.Count > 0)
            throw new ValidationException(errors);
    }

    /// <summary>The <c>CLARO_ADMIN_EMAILS</c> list, normalised.</summary>
    public static IReadOnlySet<string> AdminEmails(string setting) =>
        setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(EmailAddress.Normalize)
            .ToHashSet(StringComparer.Ordinal);

    public static string? AdminEmailsProblem(string setting) =>
        AdminEmails(setting).FirstOrDefault(e => EmailAddress.Problem(e) is not null) is { } bad
            ? $"{ClaroSettings.AdminEmailsKey} must be comma-separated email addresses; '{bad}' is not one."
            : null;
}
