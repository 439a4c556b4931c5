using System.Globalization;
using System.Threading.RateLimiting;
using Blueprint.Api.Limits;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Accounts;

/// <summary>
/// Budgets for the endpoints an attacker would hammer (sign-in, password reset, invitation acceptance, token
/// creation): per client address (<see cref="ClientAddress"/>, as the directory's limits) and per account, each a
/// bucket of <see cref="AccountOptions.AttemptsPerAddress"/> or <see cref="AccountOptions.AttemptsPerAccount"/>
/// attempts refilled evenly over <see cref="AccountOptions.LimitWindowSeconds"/>. Off with <c>RateLimits:Enabled=false</c>.
/// A refusal is the directory's 429: <c>Retry-After</c> and the error body.
/// </summary>
public sealed class AccountLimits : IDisposable
{
    private readonly AccountOptions options;
    private readonly bool enabled;
    private readonly PartitionedRateLimiter<string> perAddress;
    private readonly PartitionedRateLimiter<string> perAccount;

    public AccountLimits(IOptions<AccountOptions> accounts, IOptions<RateLimitOptions> limits)
    {
        options = accounts.Value;
        enabled = limits.Value.Enabled;
        perAddress = Buckets(options.AttemptsPerAddress);
        perAccount = Buckets(options.AttemptsPerAccount);
    }

    private PartitionedRateLimiter<string> Buckets(int budget) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = budget,
            TokensPerPeriod = budget,
            ReplenishmentPeriod = TimeSpan.FromSeconds(options.LimitWindowSeconds),
            AutoReplenishment = false,
            QueueLimit = 0,
        }));

    /// <summary>Spends one attempt of the client's and the account's budgets for <paramref name="action"/>; a 429 result when either is empty.</summary>
    public IResult? Refuse(HttpContext http, string action, string? account)
    {
        if (!enabled)
        {
            return null;
        }
        using var address = perAddress.AttemptAcquire($"{action}|{ClientAddress.Of(http)}");
        if (!address.IsAcquired)
        {
            return TooMany(http, $"This address has made {options.AttemptsPerAddress} attempts in {options.LimitWindowSeconds} s.", options.AttemptsPerAddress);
        }
        if (account is { Length: > 0 })
        {
            using var forAccount = perAccount.AttemptAcquire($"{action}|{account.Trim().ToUpperInvariant()}");
            if (!forAccount.IsAcquired)
            {
                return TooMany(http, $"This account has had {options.AttemptsPerAccount} attempts in {options.LimitWindowSeconds} s.", options.AttemptsPerAccount);
            }
        }
        return null;
    }

    private IResult TooMany(HttpContext http, string reason, int budget)
    {
        var retryAfter = Math.Max(1, (int)Math.Ceiling((double)options.LimitWindowSeconds / budget));
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        return AccountErrors.Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", $"{reason} Try again in {retryAfter} s.");
    }

    public void Dispose()
    {
        perAddress.Dispose();
        perAccount.Dispose();
    }
}
