namespace Blueprint.Api.Hosting;

/// <summary>
/// Where the server listens when nothing says (no <c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c> or
/// <c>Kestrel:Endpoints</c>): http://localhost:5080. There is no launch profile: <c>dotnet run</c> would print a line
/// of its own on standard output (breaking <c>TOKEN=$(dotnet run … token …)</c>) and could override the environment.
/// </summary>
public static class DefaultAddress
{
    public const string Url = "http://localhost:5080";

    public static void UseDefaultAddress(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (string.IsNullOrEmpty(config["urls"]) && string.IsNullOrEmpty(config["http_ports"]) && string.IsNullOrEmpty(config["https_ports"])
            && !config.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(Url);
        }
    }
}
