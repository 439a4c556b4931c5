using System.Data;
using System.Reflection;
using Microsoft.Data.SqlClient;

namespace Blueprint.Api.Tests.SqlServerCapture;

/// <summary>
/// SqlClient's own checks of a command's parameters, made offline: what it checks before it sends a command
/// (<c>SqlParameter.Validate</c>: type, size, precision and scale; <c>GetCoercedValue</c>: the value converts to the
/// parameter's server type) and, for a prepared command, what <c>SqlCommand.Prepare</c> checks (text and
/// <c>datetime2</c> parameters need an explicit size). SQLite checks none of this, so a wrong parameter would first
/// fail on a real server. The methods are internal: if SqlClient renames them, this fails at once and says so.
/// </summary>
internal static class SqlClientChecks
{
    private static MethodInfo Internal(string name, params Type[] parameters) =>
        typeof(SqlParameter).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Instance, parameters)
        ?? throw new InvalidOperationException($"SqlClient no longer has SqlParameter.{name}: update {nameof(SqlClientChecks)} to the client's new checks.");

    private static readonly MethodInfo Validate = Internal("Validate", typeof(int), typeof(bool));
    private static readonly MethodInfo Coerce = Internal("GetCoercedValue");
    private static readonly MethodInfo PrepareCheck = Internal("Prepare", typeof(SqlCommand));

    /// <summary>Each parameter SqlClient would refuse, with its reason; empty when it would send the command.</summary>
    public static List<string> Refusals(SqlCommand command, bool prepared)
    {
        var refusals = new List<string>();
        for (var i = 0; i < command.Parameters.Count; i++)
        {
            var parameter = command.Parameters[i];
            try
            {
                if (prepared)
                {
                    PrepareCheck.Invoke(parameter, [command]);
                }
                Validate.Invoke(parameter, [i, command.CommandType == CommandType.StoredProcedure]);
                Coerce.Invoke(parameter, []);
            }
            catch (TargetInvocationException e)
            {
                refusals.Add($"{parameter.ParameterName} ({parameter.SqlDbType}, size {parameter.Size}, {parameter.Value?.GetType().Name ?? "null"}): {e.InnerException?.Message}");
            }
        }
        return refusals;
    }
}
