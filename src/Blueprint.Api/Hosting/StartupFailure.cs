using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Hosting;

/// <summary>A setting names something that cannot be used as it is; the message says which setting and what to do, in one line.</summary>
public sealed class SettingException(string message) : Exception(message);

/// <summary>
/// What stops the server or a command before it can work (a missing or unreadable data file, a signing key others can
/// read, a port already in use, a setting that fails validation) is reported as one line on standard error with exit
/// code 1, never a stack trace. Loaders say so by throwing <see cref="FileNotFoundException"/>,
/// <see cref="DirectoryNotFoundException"/>, <see cref="InvalidDataException"/> or <see cref="SettingException"/> with a
/// message naming the setting and the path (see <c>DataFiles.Load</c>). Any other failure keeps the runtime's full report.
/// </summary>
public static class StartupFailure
{
    public const int ExitCode = 1;

    private static int installed;

    /// <summary>Reports such failures, wherever they are thrown, for the whole process (once, however often a test host starts). First thing in Program.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref installed, 1) == 1)
        {
            return;
        }
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is Exception failure && Describe(failure) is { } line)
            {
                Console.Error.WriteLine(line);
                Console.Error.Flush();
                Environment.Exit(ExitCode);
            }
        };
    }

    /// <summary>
    /// The generic host logs a failed start (a port in use) with its stack trace before rethrowing it to Program, where
    /// <see cref="Install"/> reports it in one line, or the runtime in full: so its errors are kept quiet until the server has
    /// started (after that, a failing background service is still logged).
    /// </summary>
    public static void AddStartupFailureReport(this IHostApplicationBuilder builder)
    {
        var started = new StrongBox<bool>();
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level >= LogLevel.Warning && (level < LogLevel.Error || Volatile.Read(ref started.Value)));
        builder.Services.AddHostedService(sp => new StartedFlag(sp.GetRequiredService<IHostApplicationLifetime>(), started));
    }

    private sealed class StartedFlag(IHostApplicationLifetime lifetime, StrongBox<bool> started) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStarted.Register(() => Volatile.Write(ref started.Value, true));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The line to print for a failure that is the operator's to fix, or null for anything else.</summary>
    public static string? Describe(Exception exception)
    {
        var failure = Unwrap(exception);
        var message = failure switch
        {
            SettingException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or OptionsValidationException => failure.Message,
            IOException { InnerException: AddressInUseException or SocketException } => failure.Message + " Stop what uses it, or choose another address with --urls.",
            _ => null,
        };
        return message is null ? null : "Blueprint cannot start: " + message.ReplaceLineEndings(" ").Trim();
    }

    private static Exception Unwrap(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Unwrap(a.InnerExceptions[0]),
        System.Reflection.TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => e,
    };
}
