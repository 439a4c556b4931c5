using Blueprint.Api.Auth;
using Blueprint.Data;
using Blueprint.Data.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Blueprint.Api.Accounts;

/// <summary>People, sign-in, invitations and personal tokens (docs/decisions/0013, 0014).</summary>
public static class AccountsRegistration
{
    /// <summary>Any signed-in person (session cookie or personal token).</summary>
    public const string PersonPolicy = "Person";
    /// <summary>A person signed in to the pages (session cookie): managing one's own account, 2FA and tokens.</summary>
    public const string SessionPolicy = "Session";

    /// <summary>Identity over the directory's database and the shared data-protection keys: for the server and the command line.</summary>
    public static void AddPeople(IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AccountOptions>().Bind(config.GetSection(AccountOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var accounts = config.GetSection(AccountOptions.Section).Get<AccountOptions>() ?? new AccountOptions();
        services.TryAddSingleton(TimeProvider.System);
        // Keys in the database: every host and the command line read the same ring (cookies, reset links).
        services.AddDataProtection().SetApplicationName("Blueprint").PersistKeysToDbContext<BlueprintDb>();
        services.AddIdentityCore<Person>(o =>
        {
            o.User.RequireUniqueEmail = true;
            // Length over complexity (NCSC): no required character classes, but not one character repeated.
            o.Password.RequiredLength = accounts.PasswordMinLength;
            o.Password.RequireDigit = false;
            o.Password.RequireLowercase = false;
            o.Password.RequireUppercase = false;
            o.Password.RequireNonAlphanumeric = false;
            o.Password.RequiredUniqueChars = 4;
            o.Lockout.AllowedForNewUsers = true;
            o.Lockout.MaxFailedAccessAttempts = accounts.LockoutAttempts;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(accounts.LockoutMinutes);
        }).AddEntityFrameworkStores<BlueprintDb>().AddDefaultTokenProviders().AddPasswordValidator<DenyListPasswordValidator>();
        services.AddSingleton(_ => Blueprint.Data.Geography.DataFiles.Load("Data:Root",
            Path.Combine(Hosting.DataPaths.From(config).Root, PasswordDenyList.File), PasswordDenyList.Load));
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(accounts.ResetLinkHours));
    }

    public static void AddBlueprintAccounts(this WebApplicationBuilder builder)
    {
        AddPeople(builder.Services, builder.Configuration);
        var accounts = builder.Configuration.GetSection(AccountOptions.Section).Get<AccountOptions>() ?? new AccountOptions();
        builder.Services.AddSingleton<AccountSnapshot>();
        builder.Services.AddSingleton<AccountLimits>();
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = RequestGuards.HeaderName;
            o.Cookie.Name = "blueprint.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        var authentication = builder.Services.AddAuthentication()
            .AddCookie(AccountSchemes.Cookie, o => SessionCookie.Configure(o, accounts))
            .AddScheme<AuthenticationSchemeOptions, PersonalTokenHandler>(AccountSchemes.PersonalToken, null);
        OidcSignIn.Add(authentication, builder.Configuration);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(PersonPolicy, p => p.RequireAssertion(c => c.User.PersonId() is not null))
            .AddPolicy(SessionPolicy, p => p.RequireAssertion(c => c.User.Identity?.AuthenticationType == AccountSchemes.Cookie && c.User.PersonId() is not null));
    }

    /// <summary>After authentication: anti-forgery on cookie writes, no writes with a read-scope token.</summary>
    public static void UseBlueprintAccounts(this WebApplication app) => app.UseMiddleware<RequestGuards>();

    private static ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        return next(context);
    }

    public static void MapAccounts(this WebApplication app)
    {
        // Personal data and secrets: never stored by a browser or a proxy.
        var account = app.MapGroup("/api/account").AddEndpointFilter(NoStore);
        SignInEndpoints.Map(account);
        PasswordEndpoints.Map(account);
        TwoFactorEndpoints.Map(account);
        TokenEndpoints.Map(account);
        if (OidcSignIn.Configured(app.Configuration))
        {
            OidcSignIn.Map(account);
        }
        var admin = app.MapGroup("/api/admin").RequireAuthorization(Policies.Admin).AddEndpointFilter(NoStore);
        InvitationEndpoints.Map(account, admin);
        PeopleEndpoints.Map(admin);
    }
}
