namespace Blueprint.Api.Accounts;

/// <summary>The API's usual error body, <c>{"error":{"code","message","target"}}</c>, for the account endpoints.</summary>
public static class AccountErrors
{
    public static IResult Error(int status, string code, string message, string? target = null) =>
        Results.Json(new { error = new { code, message, target } }, statusCode: status);

    /// <summary>A 400 naming the field at fault.</summary>
    public static IResult Invalid(string target, string message) => Error(StatusCodes.Status400BadRequest, "BadRequest", message, target);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, "NotFound", message);

    public static IResult Forbidden(string message) => Error(StatusCodes.Status403Forbidden, "Forbidden", message);

    /// <summary>Identity's refusals (a short password, an address in use) as one 400 naming the field.</summary>
    public static IResult FromIdentity(Microsoft.AspNetCore.Identity.IdentityResult result, string target) =>
        Invalid(target, string.Join(" ", result.Errors.Select(e => e.Description)));
}
