using Blueprint.Data;
using Blueprint.Data.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Accounts;

public sealed record TokenRequest(string? Name, string? Scope, int? ExpiresInDays);
public sealed record TokenSummary(int Id, string Name, string Scope, DateTime CreatedAt, DateTime ExpiresAt, DateOnly? LastUsedOn);

/// <summary>
/// A signed-in person's personal tokens (<c>/api/account/tokens</c>): POST makes one (name, scope <c>read</c> or
/// <c>write</c>, expiry up to <c>Accounts:TokenMaxDays</c>) and shows its secret once; GET lists them; DELETE revokes.
/// Only a page session manages tokens: a token cannot make another.
/// </summary>
public static class TokenEndpoints
{
    public static void Map(RouteGroupBuilder account)
    {
        var tokens = account.MapGroup("/tokens").RequireAuthorization(AccountsRegistration.SessionPolicy);
        tokens.MapPost("", CreateAsync);
        tokens.MapGet("", async (HttpContext http, BlueprintDb db) =>
        {
            var id = http.User.PersonId()!.Value;
            return Results.Ok(await db.PersonalTokens.AsNoTracking().Where(t => t.PersonId == id).OrderBy(t => t.CreatedAt)
                .Select(t => new TokenSummary(t.Id, t.Name, t.Scope, t.CreatedAt, t.ExpiresAt, t.LastUsedOn)).ToListAsync());
        });
        tokens.MapDelete("/{id:int}", async (int id, HttpContext http, BlueprintDb db, AccountSnapshot snapshot) =>
        {
            var token = await db.PersonalTokens.FirstOrDefaultAsync(t => t.Id == id && t.PersonId == http.User.PersonId());
            if (token is null)
            {
                return AccountErrors.NotFound("You have no such token.");
            }
            db.PersonalTokens.Remove(token);
            await db.SaveChangesAsync();
            snapshot.Invalidate();
            return Results.NoContent();
        });
    }

    private static async Task<IResult> CreateAsync(TokenRequest body, HttpContext http, BlueprintDb db, AccountSnapshot snapshot, AccountLimits limits,
        IOptions<AccountOptions> options, TimeProvider clock)
    {
        var personId = http.User.PersonId()!.Value;
        if (limits.Refuse(http, "token", personId.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } refused)
        {
            return refused;
        }
        if (http.User.HasClaim(AccountPrincipal.EnrolClaim, "true"))
        {
            return AccountErrors.Forbidden("Turn on two-factor sign-in before making tokens.");
        }
        var name = body.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            return AccountErrors.Invalid("name", "Give the token a name (up to 100 characters), such as 'Power BI'.");
        }
        if (body.Scope is not (PersonalToken.ReadScope or PersonalToken.WriteScope))
        {
            return AccountErrors.Invalid("scope", "The scope is 'read' or 'write'.");
        }
        var max = options.Value.TokenMaxDays;
        var days = body.ExpiresInDays ?? max;
        if (days < 1 || days > max)
        {
            return AccountErrors.Invalid("expiresInDays", $"A token lasts 1 to {max} days.");
        }
        var secret = PersonalTokenHandler.NewSecret(AccountSchemes.TokenPrefix);
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new PersonalToken
        {
            PersonId = personId, Name = name, Scope = body.Scope, Hash = PersonalTokenHandler.Hash(secret), CreatedAt = now, ExpiresAt = now.AddDays(days),
        };
        db.PersonalTokens.Add(token);
        await db.SaveChangesAsync();
        snapshot.Invalidate();
        return Results.Created($"/api/account/tokens/{token.Id}", new
        {
            token.Id, token.Name, token.Scope, token.CreatedAt, token.ExpiresAt,
            token = secret,
        });
    }
}
