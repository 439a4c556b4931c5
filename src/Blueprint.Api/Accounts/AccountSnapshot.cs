using Blueprint.Api.Freshness;
using Blueprint.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace Blueprint.Api.Accounts;

/// <summary>What a request needs to know about a person: read from the snapshot, never from the database per request.</summary>
public sealed record PersonEntry(int Id, string Email, string DisplayName, string Role, IReadOnlyList<int> Organisations,
    bool Locked, string SecurityStamp, bool TwoFactorEnabled, string Language);

/// <summary>A personal token as the snapshot knows it; <see cref="LastUsedOn"/> is kept current in memory.</summary>
public sealed record TokenEntry(int Id, int PersonId, string Scope, DateTime ExpiresAt)
{
    public DateOnly? LastUsedOn { get; set; }
}

/// <summary>
/// Every person (role, organisations, lock, security stamp) and every personal token, in memory. Rebuilt on the first
/// request after the data version moves (a role, membership, lock or token change on any host or the command line)
/// and at once after a change made on this host, so authorisation costs no database round trip per request.
/// </summary>
public sealed class AccountSnapshot
{
    private readonly IServiceScopeFactory scopes;
    private readonly SemaphoreSlim building = new(1, 1);
    private State? state;
    private long generation;

    public AccountSnapshot(IServiceScopeFactory scopes, DataVersion version)
    {
        this.scopes = scopes;
        ChangeToken.OnChange(version.GetChangeToken, Invalidate);
    }

    public sealed record State(IReadOnlyDictionary<int, PersonEntry> People, IReadOnlyDictionary<string, TokenEntry> TokensByHash);

    /// <summary>Forget the snapshot: the next request reads it again (after a change made on this host).</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        Volatile.Write(ref state, null);
    }

    public async ValueTask<State> GetAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref state) is { } current)
        {
            return current;
        }
        await building.WaitAsync(ct);
        try
        {
            if (Volatile.Read(ref state) is { } built)
            {
                return built;
            }
            var started = Interlocked.Read(ref generation);
            var fresh = await LoadAsync(ct);
            // A change during the load leaves the snapshot unset, so the next request reads again.
            if (Interlocked.Read(ref generation) == started)
            {
                Volatile.Write(ref state, fresh);
            }
            return fresh;
        }
        finally
        {
            building.Release();
        }
    }

    private async Task<State> LoadAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var memberships = (await db.Memberships.AsNoTracking().Select(m => new { m.PersonId, m.OrganisationId }).ToListAsync(ct))
            .ToLookup(m => m.PersonId, m => m.OrganisationId);
        var people = await db.Users.AsNoTracking()
            .Select(p => new { p.Id, p.Email, p.DisplayName, p.Role, p.Locked, p.SecurityStamp, p.TwoFactorEnabled, p.Language })
            .ToListAsync(ct);
        var tokens = await db.PersonalTokens.AsNoTracking()
            .Select(t => new { t.Id, t.PersonId, t.Scope, t.ExpiresAt, t.Hash, t.LastUsedOn })
            .ToListAsync(ct);
        return new State(
            people.ToDictionary(p => p.Id, p => new PersonEntry(p.Id, p.Email ?? "", p.DisplayName, p.Role,
                [.. memberships[p.Id].Order()], p.Locked, p.SecurityStamp ?? "", p.TwoFactorEnabled, p.Language)),
            tokens.ToDictionary(t => t.Hash, t => new TokenEntry(t.Id, t.PersonId, t.Scope, t.ExpiresAt) { LastUsedOn = t.LastUsedOn }, StringComparer.Ordinal));
    }
}
