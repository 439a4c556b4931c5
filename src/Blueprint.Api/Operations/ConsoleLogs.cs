using System.Text.Json;
using Microsoft.Extensions.Logging.Console;

namespace Blueprint.Api.Operations;

/// <summary>
/// In Production the console log is JSON, one object per line, with a plain <c>LogLevel</c> field ("Information",
/// "Warning", "Error", …) to filter on, UTC timestamps and the message's named values under <c>State</c>.
/// Elsewhere it stays plain text. <c>Logging:Console:FormatterName</c> (<c>json</c>, <c>simple</c>, <c>systemd</c>) overrides
/// either default.
/// </summary>
internal static class ConsoleLogs
{
    public static void AddBlueprintConsoleLogs(this WebApplicationBuilder builder)
    {
        var chosen = builder.Configuration["Logging:Console:FormatterName"];
        if (!string.IsNullOrEmpty(chosen) || !builder.Environment.IsProduction())
        {
            return;
        }
        builder.Logging.AddJsonConsole(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.JsonWriterOptions = new JsonWriterOptions { Indented = false };
        });
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = ConsoleFormatterNames.Json);
    }
}
