using System.Net;
using System.Net.Http.Json;
using Claro.Accounts;
using Claro.Platform;
using Claro.Tests.Platform;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using static Claro.Tests.Accounts.AccountHttp;

namespace Claro.Tests.Accounts;

/// <summary>
/// A signup is three writes: claim the email, write the account, confirm the claim. These tests
/// leave the stored state a crash between them would leave, then show the next request heals it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SignupRecoveryTests(ApiFixture api)
{
    [Fact]
    public async Task A_claim_whose_account_was_never_written_does_not_lock_the_email()
    {
        var email = NewEmail("crashed");
        await StoreAsync<IEmailIndexGrain, EmailIndexState>(email, StorageNames.EmailIndex,
            new EmailIndexState { UserId = AccountRules.NewUserId(), Confirmed = false });

        var signup = await api.CreateClient().FromOwnAddress().SignUpAsync(email);

        Assert.Equal(HttpStatusCode.Created, signup.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().FromOwnAddress().LogInAsync(email)).StatusCode);
    }

    [Fact]
    public async Task A_written_account_whose_claim_was_never_confirmed_keeps_its_email()
    {
        var email = NewEmail("unconfirmed");
        var userId = AccountRules.NewUserId();
        await StoreAsync<IAccountGrain, AccountState>(userId, StorageNames.Account, new AccountState
        {
            Email = email,
            DisplayName = "Early Bird",
            PasswordHash = Passwords.Hash(Password),
            TokenVersion = 1,
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await StoreAsync<IEmailIndexGrain, EmailIndexState>(email, StorageNames.EmailIndex,
            new EmailIndexState { UserId = userId, Confirmed = false });

        var signup = await api.CreateClient().FromOwnAddress().SignUpAsync(email, password: "a newcomer's password");
        var login = await api.CreateClient().FromOwnAddress().LogInAsync(email);

        Assert.Equal(HttpStatusCode.Conflict, signup.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<TokenBody>())!.Token;
        var me = await api.CreateClient().WithToken(token).GetFromJsonAsync<Me>("/api/me");
        Assert.Equal(userId, me!.UserId);
    }

    /// <summary>Writes a grain's row through the silo's own storage provider, before the grain is ever activated.</summary>
    private async Task StoreAsync<TGrain, TState>(string key, string stateName, TState state)
        where TGrain : IGrainWithStringKey
    {
        var silo = (InProcessSiloHandle)api.Claro.Cluster.Silos[0];
        var storage = silo.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider);
        var grainId = api.Claro.Client.GetGrain<TGrain>(key).GetGrainId();
        await storage.WriteStateAsync(stateName, grainId, new GrainState<TState>(state));
    }
}
