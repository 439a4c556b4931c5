using Blueprint.Data;
using Blueprint.Data.Geography;
using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Normalising;
using Blueprint.Ingest.Staging;

namespace Blueprint.Ingest.Commands;

/// <summary>What the ingest commands need from the host.</summary>
public sealed record IngestContext(BlueprintDb Db, AreaCatalog Areas, VocabularyCatalog Vocabularies, string DataRoot, TextWriter Output)
{
    /// <summary>Points for venue postcodes (none unless the host configures a postcode file).</summary>
    public PostcodeDirectory Postcodes { get; init; } = PostcodeDirectory.Empty;
    /// <summary>For the local authority of a located venue (optional). Made only when publishing needs it: loading the boundaries costs a second and about 50 MB.</summary>
    public Lazy<AreaLocator?> Locator { get; init; } = new(() => null);
    public long MaxFileBytes { get; init; } = ImportOptions.DefaultMaxFileBytes;
    /// <summary>How long staged rows (respondents' personal data) are kept after their round closes: <c>Survey:KeepResponsesMonthsAfterClose</c>.</summary>
    public int KeepResponsesMonthsAfterClose { get; init; } = DefaultKeepResponsesMonthsAfterClose;
    public const int DefaultKeepResponsesMonthsAfterClose = 24;
    /// <summary>Who runs the command (recorded on the import).</summary>
    public string User { get; init; } = Environment.UserName;
}
