namespace Blueprint.Api.Hosting;

/// <summary>
/// The one CORS policy: any origin may read the public, key-free feeds (<c>/openreferral</c>, <c>/standard</c>)
/// from a browser, as the Open Referral UK profile requires (<c>Access-Control-Allow-Origin: *</c>). Only GET
/// and HEAD, never credentials. Routes opt in with <c>.RequireCors(PublicCors.Policy)</c>; no other route, and
/// so no cookie route, ever carries the header.
/// </summary>
public static class PublicCors
{
    public const string Policy = "PublicFeeds";

    public static void AddPublicCors(this IServiceCollection services) =>
        services.AddCors(o => o.AddPolicy(Policy, p => p.AllowAnyOrigin().WithMethods("GET", "HEAD").DisallowCredentials()));
}
