using System.Data;
using Microsoft.Data.SqlClient;

namespace Blueprint.Api.Tests.SqlServerCapture;

/// <summary>The offline parameter checks the capture relies on refuse what SqlClient refuses, so that the capture test can fail.</summary>
public sealed class SqlClientChecksTests
{
    [Fact]
    public void A_prepared_text_parameter_without_a_size_and_a_value_sql_server_cannot_take_are_refused()
    {
        using var command = new SqlCommand();
        command.Parameters.Add(new SqlParameter("@unsized", SqlDbType.NVarChar) { Value = "text" });
        command.Parameters.Add(new SqlParameter("@sized", SqlDbType.NVarChar, 300) { Value = "text" });
        command.Parameters.Add(new SqlParameter("@number", SqlDbType.Int) { Value = "not a number" });

        Assert.DoesNotContain(SqlClientChecks.Refusals(command, prepared: false), r => r.StartsWith("@unsized", StringComparison.Ordinal));
        var refused = SqlClientChecks.Refusals(command, prepared: true);
        Assert.Contains(refused, r => r.StartsWith("@unsized", StringComparison.Ordinal) && r.Contains("Size", StringComparison.Ordinal));
        Assert.Contains(refused, r => r.StartsWith("@number", StringComparison.Ordinal));
        Assert.DoesNotContain(refused, r => r.StartsWith("@sized", StringComparison.Ordinal));
    }
}
