using Claro.Platform;

namespace Claro.Accounts;

/// <summary>
/// The arbiter of email uniqueness. Non-reentrant: signups and logins for one email run one at a
/// time. A signup claims the email (written), then creates the account, then confirms the claim
/// (written). A crash between the steps leaves an unconfirmed claim, which the next caller settles
/// by asking the claiming account: kept if the account was written, released if it was not.
/// </summary>
public sealed class EmailIndexGrain(
    [PersistentState(StorageNames.EmailIndex, StorageNames.Provider)] IPersistentState<EmailIndexState> index)
    : Grain, IEmailIndexGrain
{
    private string Email => this.GetPrimaryKeyString();

    public async Task<SignedIn> SignUpAsync(NewAccount account)
    {
        AccountRules.ThrowIfInvalidSignUp(Email, account.Password, account.DisplayName);
        if (await HolderAsync() is not null)
            throw new ConflictException("email_taken", "An account with this email already exists.");

        var userId = AccountRules.NewUserId();
        await WriteAsync(new EmailIndexState { UserId = userId, Confirmed = false });
        var signedIn = await GrainFactory.GetGrain<IAccountGrain>(userId).CreateAsync(Email, account);
        await WriteAsync(new EmailIndexState { UserId = userId, Confirmed = true });
        return signedIn;
    }

    public async Task<SignedIn?> LogInAsync(string password)
    {
        if (EmailAddress.Problem(Email) is null && await HolderAsync() is { } userId)
            return await GrainFactory.GetGrain<IAccountGrain>(userId).CheckPasswordAsync(password ?? "");
        Passwords.VerifyDecoy(password ?? "");
        return null;
    }

    public Task<string?> FindUserIdAsync() => HolderAsync();

    /// <summary>The user holding the email, settling an unconfirmed claim first.</summary>
    private async Task<string?> HolderAsync()
    {
        if (index.State.UserId is not { } userId)
            return null;
        if (index.State.Confirmed)
            return userId;

        if (await GrainFactory.GetGrain<IAccountGrain>(userId).HoldsEmailAsync(Email))
        {
            await WriteAsync(new EmailIndexState { UserId = userId, Confirmed = true });
            return userId;
        }
        // The account was never written (and is now retired): the email is free again.
        await WriteAsync(new EmailIndexState());
        return null;
    }

    private async Task WriteAsync(EmailIndexState state)
    {
        var previous = index.State;
        index.State = state;
        try
        {
            await index.WriteStateAsync();
        }
        catch
        {
            index.State = previous;
            DeactivateOnIdle();
            throw;
        }
    }
}
