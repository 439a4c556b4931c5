using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Blueprint.Api.Auth;

/// <summary>
/// Configuration section <c>Auth</c>. Production points <c>Authority</c> at the organisation's OpenID
/// Connect provider (for example Microsoft Entra ID) with roles in the <c>roles</c> claim. Without an
/// authority, tokens are signed with a local key (<c>SigningKeyFile</c>, made on first use and never
/// committed) and minted with the <c>token</c> command.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public string Authority { get; set; } = "";
    public string Audience { get; set; } = "blueprint";
    public string SigningKeyFile { get; set; } = "local-data/signing.key";
    /// <summary>A base64 key given directly (tests, containers); takes precedence over the file.</summary>
    public string SigningKey { get; set; } = "";
    public const string Issuer = "blueprint-local";

    public static AuthOptions From(IConfiguration config)
    {
        var options = config.GetSection(Section).Get<AuthOptions>() ?? new AuthOptions();
        options.SigningKeyFile = Hosting.DataPaths.From(config).Resolve(options.SigningKeyFile);
        return options;
    }

    /// <summary>Allow a key file others may read: for a read-only secret mounted by a platform (a Kubernetes secret, a Docker secret), whose permissions the platform manages.</summary>
    public bool AllowSharedKeyFile { get; set; }

    /// <summary>How late a token may be and still be accepted (clocks differ a little); the library's default is five minutes.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public SymmetricSecurityKey LocalKey()
    {
        if (SigningKey.Length > 0)
        {
            return new SymmetricSecurityKey(Convert.FromBase64String(SigningKey));
        }
        var path = Path.GetFullPath(SigningKeyFile);
        if (!File.Exists(path))
        {
            LocalKeyFile.Create(path);
        }
        else if (!AllowSharedKeyFile)
        {
            LocalKeyFile.RefuseShared(path);
        }
        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }

    /// <summary>A signed bearer token for the local key.</summary>
    public string MintToken(string name, IEnumerable<string> roles, int? organisationId, TimeSpan lifetime) =>
        MintToken(name, roles, organisationId is { } org ? [org] : [], DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.Add(lifetime));

    /// <summary>A signed bearer token for the local key, for a person of the given roles acting for the given organisations.</summary>
    public string MintToken(string name, IEnumerable<string> roles, IReadOnlyCollection<int> organisations, DateTime notBefore, DateTime expires)
    {
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, name), new("name", name) };
        claims.AddRange(roles.Select(r => new Claim("roles", r)));
        claims.AddRange(organisations.Select(org => new Claim(Roles.OrganisationClaim, org.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var token = new JwtSecurityToken(Issuer, Audience, claims, notBefore, expires,
            new SigningCredentials(LocalKey(), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}

public static class AuthRegistration
{
    public const string DefaultScheme = "Blueprint";

    public static void AddBlueprintAuth(this WebApplicationBuilder builder)
    {
        var options = AuthOptions.From(builder.Configuration);
        // The local key is read (or made) now, so a key file others can read stops the server at start, not at the first request.
        var localKey = options.Authority.Length > 0 ? null : options.LocalKey();
        builder.Services.AddSingleton(options);
        // The handler logs a refused token's full text; BadTokenLog writes a bounded summary instead.
        builder.Logging.AddFilter(typeof(JwtBearerHandler).FullName, LogLevel.Warning);
        // One default scheme that picks per request: a personal token (bp_…), another bearer token (local key or the
        // authority's), or else the page session cookie. APIs answer 401/403, never a redirect.
        builder.Services.AddAuthentication(DefaultScheme).AddPolicyScheme(DefaultScheme, "Bearer token or session cookie", o =>
            o.ForwardDefaultSelector = context => context.Request.Headers.Authorization.ToString() switch
            {
                var h when h.StartsWith("Bearer " + Accounts.AccountSchemes.TokenPrefix, StringComparison.Ordinal) => Accounts.AccountSchemes.PersonalToken,
                { Length: > 0 } => JwtBearerDefaults.AuthenticationScheme,
                _ => Accounts.AccountSchemes.Cookie,
            }).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters.RoleClaimType = "roles";
            o.TokenValidationParameters.NameClaimType = "name";
            o.TokenValidationParameters.ValidAudience = options.Audience;
            o.TokenValidationParameters.ClockSkew = AuthOptions.ClockSkew;
            o.Events = new JwtBearerEvents { OnAuthenticationFailed = BadTokenLog.WriteAsync };
            if (localKey is null)
            {
                o.Authority = options.Authority;
            }
            else
            {
                o.TokenValidationParameters.ValidIssuer = AuthOptions.Issuer;
                o.TokenValidationParameters.IssuerSigningKey = localKey;
            }
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Analyst, p => p.RequireRole(Roles.Admin, Roles.Analyst))
            .AddPolicy(Policies.VenueDetails, p => p.RequireRole(Roles.Admin, Roles.Analyst, Roles.Provider));
    }
}
