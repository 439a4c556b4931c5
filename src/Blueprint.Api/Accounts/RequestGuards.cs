using Microsoft.AspNetCore.Antiforgery;

namespace Blueprint.Api.Accounts;

/// <summary>
/// Two rules for every write (any method but GET, HEAD, OPTIONS, TRACE) on every route: one authenticated by the
/// session cookie must carry a valid anti-forgery token (header <see cref="HeaderName"/>, from
/// <c>GET /api/account/antiforgery</c>), else 400; one authenticated by a read-scope personal token is refused with
/// 403. Bearer requests need no anti-forgery token: a browser never adds an Authorization header by itself.
/// </summary>
public sealed class RequestGuards(RequestDelegate next, IAntiforgery antiforgery)
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && !HttpMethods.IsOptions(context.Request.Method) && !HttpMethods.IsTrace(context.Request.Method)
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: var scheme })
        {
            if (scheme == AccountSchemes.Cookie && !await antiforgery.IsRequestValidAsync(context))
            {
                await Hosting.ErrorHandler.WriteODataErrorAsync(context, StatusCodes.Status400BadRequest, "AntiforgeryTokenMissing",
                    $"A signed-in page must send the anti-forgery token from GET /api/account/antiforgery in the {HeaderName} header with every change.");
                return;
            }
            if (scheme == AccountSchemes.PersonalToken && context.User.FindFirst(AccountPrincipal.ScopeClaim)?.Value != Data.Accounts.PersonalToken.WriteScope)
            {
                await Hosting.ErrorHandler.WriteODataErrorAsync(context, StatusCodes.Status403Forbidden, "ReadOnlyToken",
                    "This personal token has the read scope: it cannot change anything. Make a token with the write scope.");
                return;
            }
        }
        await next(context);
    }
}
