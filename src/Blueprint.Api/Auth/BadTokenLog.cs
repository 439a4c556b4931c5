using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Blueprint.Api.Auth;

/// <summary>
/// One bounded line for a refused bearer token: its length and the validation error's type and IDX code, never the
/// token or the library's message (which may quote it). A 60 KB token costs a line, not 120 KB of log.
/// </summary>
public static partial class BadTokenLog
{
    public static Task WriteAsync(AuthenticationFailedContext context)
    {
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Blueprint.Auth");
        var header = context.Request.Headers.Authorization.ToString();
        var length = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header.Length - "Bearer ".Length : header.Length;
        var code = IdxCode().Match(context.Exception.Message) is { Success: true } m ? m.Value : "no code";
        logger.LogInformation("Refused a bearer token of {Length} characters on {Method} {Path}: {Error} ({Code})",
            length, context.Request.Method, Truncate(context.Request.Path.Value), context.Exception.GetType().Name, code);
        return Task.CompletedTask;
    }

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 200 ? text : text[..200] + "…";

    [GeneratedRegex(@"\bIDX\d{5}\b")]
    private static partial Regex IdxCode();
}
