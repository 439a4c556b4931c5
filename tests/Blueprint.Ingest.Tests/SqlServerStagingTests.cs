using System.Reflection;
using Blueprint.Data.Persistence;
using Blueprint.Data.Survey;
using Blueprint.Ingest.Staging;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Tests;

/// <summary>
/// SQL Server cannot run here, so the staging writer's commands are checked with SqlClient's own
/// parameter validation, the check <c>SqlCommand.Prepare</c> makes before it sends anything: a text or
/// <c>datetime2</c> parameter without an explicit Size would fail the first batch of every import.
/// </summary>
public class SqlServerStagingTests
{
    private static readonly MethodInfo PrepareCheck = typeof(SqlParameter).GetMethod("Prepare", BindingFlags.NonPublic | BindingFlags.Instance, [typeof(SqlCommand)])
        ?? throw new InvalidOperationException("SqlClient no longer has SqlParameter.Prepare(SqlCommand): update this test to the client's new check.");

    private static (string Prefix, List<Microsoft.EntityFrameworkCore.Metadata.IProperty> Columns) SurveyResponseInsert()
    {
        using var db = new SqlServerDesignFactory().CreateDbContext([]);
        var entity = db.Model.FindEntityType(typeof(SurveyResponse))!;
        var columns = entity.GetProperties().Where(p => !p.IsPrimaryKey()).ToList();
        return ("INSERT INTO [SurveyResponses] VALUES ", columns);
    }

    private static string? Refusal(SqlParameter parameter, SqlCommand command)
    {
        try
        {
            PrepareCheck.Invoke(parameter, [command]);
            return null;
        }
        catch (TargetInvocationException e)
        {
            return $"{parameter.ParameterName} ({parameter.DbType}): {e.InnerException!.Message}";
        }
    }

    [Fact]
    public void Every_parameter_of_a_full_batch_passes_sqlclients_prepare_check()
    {
        var (prefix, columns) = SurveyResponseInsert();
        using var command = (SqlCommand)CommandStagingWriter.Build(new SqlCommand(), prefix, columns, rows: 50);

        Assert.Equal(50 * columns.Count, command.Parameters.Count);
        Assert.Contains(command.Parameters.Cast<SqlParameter>(), p => p.DbType == System.Data.DbType.String);
        Assert.Contains(command.Parameters.Cast<SqlParameter>(), p => p.DbType == System.Data.DbType.DateTime2);
        Assert.Empty(command.Parameters.Cast<SqlParameter>().Select(p => Refusal(p, command)).OfType<string>());
    }

    [Fact]
    public void The_check_refuses_an_unsized_text_parameter_so_the_test_above_can_fail()
    {
        using var command = new SqlCommand();
        var unsized = new SqlParameter { ParameterName = "@p0", DbType = System.Data.DbType.String };
        Assert.Contains("non-zero Size", Refusal(unsized, command), StringComparison.Ordinal);
    }

    [Fact]
    public void Text_is_sent_unbounded_so_a_long_answer_is_never_cut_short_by_the_client()
    {
        var (prefix, columns) = SurveyResponseInsert();
        using var command = (SqlCommand)CommandStagingWriter.Build(new SqlCommand(), prefix, columns, rows: 1);
        var text = command.Parameters.Cast<SqlParameter>().Where(p => p.DbType == System.Data.DbType.String).ToList();
        Assert.NotEmpty(text);
        Assert.All(text, p => Assert.Equal(-1, p.Size));
        var stamp = command.Parameters.Cast<SqlParameter>().First(p => p.DbType == System.Data.DbType.DateTime2);
        Assert.Equal(7, stamp.Scale);
    }
}
