using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Blueprint.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Accounts;

/// <summary>
/// Bearer tokens that start with <c>bp_</c>: a person's personal tokens. The secret's hash is looked up in the
/// <see cref="AccountSnapshot"/>; an unknown (revoked), expired or locked person's token is refused. The token carries
/// the person's current role and organisations and its scope; the last-used day is written at most once a day.
/// </summary>
public sealed class PersonalTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccountSnapshot snapshot, IOptions<AccountOptions> accounts, IHostEnvironment environment, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer " + AccountSchemes.TokenPrefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }
        var state = await snapshot.GetAsync(Context.RequestAborted);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!state.TokensByHash.TryGetValue(Hash(header["Bearer ".Length..].Trim()), out var token))
        {
            return AuthenticateResult.Fail("unknown or revoked personal token");
        }
        if (token.ExpiresAt <= now)
        {
            return AuthenticateResult.Fail("expired personal token");
        }
        if (!state.People.TryGetValue(token.PersonId, out var person) || person.Locked)
        {
            return AuthenticateResult.Fail("personal token of a locked account");
        }
        await NoteUseAsync(token, DateOnly.FromDateTime(now));
        var principal = AccountPrincipal.Create(person, AccountSchemes.PersonalToken, accounts.Value.TwoFactorRequiredForAdmins(environment),
            [new(AccountPrincipal.ScopeClaim, token.Scope)]);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, AccountSchemes.PersonalToken));
    }

    /// <summary>Records the day of use once a day: bookkeeping that leaves the data version alone (ExecuteUpdate, no SaveChanges).</summary>
    private async Task NoteUseAsync(TokenEntry token, DateOnly today)
    {
        if (token.LastUsedOn == today)
        {
            return;
        }
        token.LastUsedOn = today;
        var db = Context.RequestServices.GetRequiredService<BlueprintDb>();
        await db.PersonalTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedOn, today), Context.RequestAborted);
    }

    /// <summary>Lower-case hex SHA-256: the secret is 32 random bytes, so a plain hash is enough to keep it from a database reader.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>A new secret: the prefix and 32 random bytes, URL-safe.</summary>
    public static string NewSecret(string prefix) => prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
