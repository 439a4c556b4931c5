namespace Blueprint.Api.Hosting;

/// <summary>
/// HSTS and HTTP → HTTPS redirection, in Production only and only when there is an HTTPS address to send
/// browsers to: <c>HttpsRedirection:HttpsPort</c>, an <c>https://</c> URL in <c>urls</c> or a Kestrel
/// endpoint, or <c>HTTPS_PORTS</c>. Behind a TLS-terminating proxy set <c>HttpsRedirection:HttpsPort</c>.
/// </summary>
public static class Https
{
    public const string Section = "HttpsRedirection";

    public static void AddBlueprintHttps(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<int?>($"{Section}:HttpsPort") is { } port)
        {
            builder.Services.AddHttpsRedirection(o => o.HttpsPort = port);
        }
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });
    }

    public static void UseBlueprintHttps(this WebApplication app)
    {
        if (!app.Environment.IsProduction() || !Configured(app.Configuration))
        {
            return;
        }
        app.UseHsts();
        app.UseHttpsRedirection();
    }

    /// <summary>Whether this host has an HTTPS address configured.</summary>
    internal static bool Configured(IConfiguration config) =>
        config.GetValue<int?>($"{Section}:HttpsPort") is not null
        || !string.IsNullOrWhiteSpace(config["HTTPS_PORTS"])
        || !string.IsNullOrWhiteSpace(config["https_port"])
        || (config["urls"] ?? "").Contains("https://", StringComparison.OrdinalIgnoreCase)
        || config.GetSection("Kestrel:Endpoints").GetChildren()
            .Any(e => e["Url"]?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true);
}
