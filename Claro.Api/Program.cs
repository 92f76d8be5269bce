using Claro.Api.Accounts;
using Claro.Api.Carts;
using Claro.Api.Checkout;
using Claro.Api.Discovery;
using Claro.Api.Library;
using Claro.Api.Catalog;
using Claro.Api.Platform;
using Claro.Api.Ops;
using Claro.Api.Reviews;
using Claro.Api.Tenants;
using Claro.Api.Notifications;
using System.Text.Json;
using System.Text.Json.Serialization;
using Claro.Platform;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Claro.Silo.Hosting;
using Scalar.AspNetCore;

// appsettings*.json are read from beside the binary, wherever the process is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

var settings = ClaroSettings.From(builder.Configuration);
var problems = ClaroSettingsValidator.Problems(settings).ToList();
problems.AddRange(AccountLimits.Problems(builder.Configuration));
var storefrontHosts = StorefrontHosts.From(builder.Configuration, out var storefrontProblems);
problems.AddRange(storefrontProblems);
var inProcessSilo = ClusterConnection.InProcessSilo(builder.Configuration, problems);
if (problems.Count > 0)
    return StartupFailure.Report(problems);
if (inProcessSilo is not null)
{
    // A silo migrates before it starts, wherever it runs.
    var (applied, migrationProblem) = await SiloSetup.MigrateAsync(settings);
    if (migrationProblem is not null)
        return StartupFailure.Report([migrationProblem]);
    foreach (var migration in applied)
        Console.WriteLine($"migrated: {migration.Version:D4} {migration.Name}");
}
else if (await SiloSetup.CheckReachableAsync(settings) is { } unreachable)
{
    return StartupFailure.Report([unreachable]);
}

builder.Logging.AddClaroDefaults();
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<IValidateOptions<ClaroSettings>, ClaroSettingsValidator>();
builder.Services.AddOptions<ClaroSettings>().Configure(s => s.Bind(builder.Configuration)).ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);

builder.UseClaroCluster(settings, inProcessSilo);
builder.Services.AddHttpContextAccessor();

builder.Services.AddSingleton<BearerTokens>();
builder.Services.AddMemoryCache();
builder.Services.AddSingleton<AccountSessions>();
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
    .Configure<BearerTokens>((options, tokens) => tokens.Configure(options));
builder.Services.AddAuthorization();
builder.Services.AddAccounts(builder.Configuration);

builder.Services.AddTenantCreationLimit();
builder.Services.AddSingleton<DownloadLinks>();
builder.Services.AddClaroProblems();
builder.Services.AddCatalog(settings);
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(
    new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false)));
builder.Services.AddOpenApi(options => options.DescribeHealthChecks());
builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [HealthRoutes.ReadyTag]);

// JSON bodies are small; routes that take uploads raise their own limit.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxJsonBodyBytes);

var app = builder.Build();

app.UseForwardedHeaders();
app.UseStorefrontHosts(storefrontHosts);
app.UseRouting();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseCallerContext();
app.UseAuthorization();
app.UseRateLimiter();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapClaroHealthChecks();

app.MapAccountEndpoints();
app.MapTenantEndpoints();
app.MapCatalogEndpoints();
app.MapDiscoveryEndpoints();
app.MapOpsEndpoints();
app.MapStripeWebhookEndpoints();
app.MapCartEndpoints();
app.MapLibraryEndpoints();
app.MapReviewEndpoints();
app.MapNotificationEndpoints();

await app.RunAsync();
return 0;

public partial class Program;
