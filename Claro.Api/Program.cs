using Claro.Api.Accounts;
using Claro.Api.Platform;
using Claro.Api.Tenants;
using Claro.Platform;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

var settings = ClaroSettings.From(builder.Configuration);
var problems = ClaroSettingsValidator.Problems(settings).ToList();
if (problems.Count > 0)
    return StartupFailure.Report(problems);

builder.Logging.AddClaroDefaults();
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<IValidateOptions<ClaroSettings>, ClaroSettingsValidator>();
builder.Services.AddOptions<ClaroSettings>().Configure(s => s.Bind(builder.Configuration)).ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);

builder.UseOrleansClient(client => client
    .Configure<ClusterOptions>(cluster =>
    {
        cluster.ClusterId = settings.ClusterId;
        cluster.ServiceId = settings.ServiceId;
    })
    .UseAdoNetClustering(options =>
    {
        options.Invariant = "Npgsql";
        options.ConnectionString = settings.Database;
    })
    .UseConnectionRetryFilter(ClusterConnection.RetryWhileStarting)
    .AddOutgoingGrainCallFilter<CallerPropagation>());
builder.Services.AddHttpContextAccessor();

builder.Services.AddSingleton<BearerTokens>();
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
    .Configure<BearerTokens>((options, tokens) => tokens.Configure(options));
builder.Services.AddAuthorization();

builder.Services.AddClaroProblems();
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

app.MapTenantEndpoints();

await app.RunAsync();
return 0;

public partial class Program;
