namespace Blueprint.Api.Hosting;

/// <summary>
/// The named CORS policy of the open-data routes (the published standard; Open Referral UK): any origin may read
/// them with GET or HEAD, never with credentials. No cookie route uses it, so a page elsewhere can read open data
/// from a browser but nothing that needs a sign-in.
/// </summary>
public static class OpenData
{
    public const string Policy = "OpenData";

    public static IServiceCollection AddOpenDataCors(this IServiceCollection services) =>
        services.AddCors(o => o.AddPolicy(Policy, p => p.AllowAnyOrigin().WithMethods("GET", "HEAD").AllowAnyHeader()));
}
