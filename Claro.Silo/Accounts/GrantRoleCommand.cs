using Claro.Accounts;
using Claro.Platform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Claro.Silo.Hosting;

namespace Claro.Silo.Accounts;

/// <summary>
/// <c>Claro.Silo grant-role EMAIL ROLE</c>: gives an account the platform role <c>ops</c> or
/// <c>admin</c>. It joins the running cluster as an Orleans client (same settings as a silo) and
/// calls the account grain as a platform admin, so the grain's own policy is what lets it in.
/// </summary>
public static class GrantRoleCommand
{
    public const string Name = "grant-role";
    public const string CallerId = "system:cli";
    private static readonly string[] Roles = [PlatformRoles.Ops, PlatformRoles.Admin];

    /// <param name="args">EMAIL ROLE, then any host arguments (<c>--CLARO_DATABASE=...</c>).</param>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || args[0].StartsWith("--", StringComparison.Ordinal) || args[1].StartsWith("--", StringComparison.Ordinal))
            return Usage("EMAIL and ROLE are required.");
        var email = EmailAddress.Normalize(args[0]);
        var role = args[1].Trim().ToLowerInvariant();
        if (EmailAddress.Problem(email) is { } emailProblem)
            return Usage($"'{args[0]}': {emailProblem}");
        if (!Roles.Contains(role))
            return Usage($"'{args[1]}' is not a role that can be granted.");

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args[2..], ContentRootPath = AppContext.BaseDirectory });
        var settings = ClaroSettings.From(builder.Configuration);
        var problems = ClaroSettingsValidator.Problems(settings).ToList();
        if (problems.Count > 0)
            return StartupFailure.Report(problems);

        // A one-shot command: the host's start and stop lines are noise here.
        builder.Logging.AddClaroDefaults().AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseClaroClient(settings));

        using var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"claro grant-role: cannot reach the Claro cluster '{settings.ClusterId}' (is a silo running?): {e.Message}");
            return 1;
        }

        var grains = host.Services.GetRequiredService<IClusterClient>();
        string? userId;
        using (Caller.Use(new Caller(CallerId, [PlatformRoles.Admin])))
        {
            userId = await grains.GetGrain<IEmailIndexGrain>(email).FindUserIdAsync();
            if (userId is not null)
                await grains.GetGrain<IAccountGrain>(userId).GrantRoleAsync(role);
        }
        await host.StopAsync();

        if (userId is null)
        {
            await Console.Error.WriteLineAsync($"claro grant-role: no account has the email {email}.");
            return 1;
        }
        Console.WriteLine($"granted {role} to {email} ({userId}); it applies to the account's current tokens at once.");
        return 0;
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"claro grant-role: {problem}");
        Console.Error.WriteLine($"usage: Claro.Silo {Name} EMAIL ROLE     (ROLE: {string.Join(" or ", Roles)})");
        return StartupFailure.ExitCode;
    }
}
