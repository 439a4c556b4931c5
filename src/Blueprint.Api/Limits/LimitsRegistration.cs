using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Limits;

/// <summary>Rate and cost limits (docs/decisions/0008-rate-and-cost-limits.md) and the trusted-proxy rule for client addresses.</summary>
public static class LimitsRegistration
{
    public static void AddBlueprintLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ClientBudgets>();
        builder.Services.AddSingleton<QueryGate>();

        builder.Services.AddOptions<ForwardedHeadersSettings>().Bind(builder.Configuration.GetSection(ForwardedHeadersSettings.Section))
            .Validate(s => s.KnownProxies.All(p => IPAddress.TryParse(p, out _)),
                $"{ForwardedHeadersSettings.Section}:KnownProxies must list IP addresses (e.g. 10.0.0.5).")
            .Validate(s => s.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)),
                $"{ForwardedHeadersSettings.Section}:KnownNetworks must list networks in CIDR notation (e.g. 10.0.0.0/8).")
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((o, settings) =>
        {
            // Host too: absolute links (the Open Referral feed's openapi_url) name the address the client used.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // The framework trusts loopback by default; here only the configured proxies are trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // the obsolete list still holds 127.0.0.0/8 and is still consulted
            o.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var proxy in settings.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in settings.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
            // Walk back through every trusted proxy in the chain, stopping at the first address that is not one.
            o.ForwardLimit = null;
        });
    }

    /// <summary>
    /// First in the pipeline: the client address every later step (limits, logs) sees. With no proxy
    /// configured the middleware is left out altogether, because with empty lists it would believe anyone.
    /// </summary>
    public static void UseBlueprintForwardedHeaders(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value;
        if (settings.KnownProxies.Count > 0 || settings.KnownNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }
    }

    /// <summary>After <c>UseOutputCache</c>: only requests that miss the cache reach the limits.</summary>
    public static void UseBlueprintLimits(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled)
        {
            app.UseMiddleware<LimitsMiddleware>();
        }
    }
}
