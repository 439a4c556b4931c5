namespace Blueprint.Api.ReadModel;

/// <summary>Configuration section <c>ReadModel</c>.</summary>
public sealed class ReadModelOptions
{
    public const string Section = "ReadModel";

    /// <summary>Whether public interventions searches are answered from the in-memory snapshot (off: always the database).</summary>
    public bool Enabled { get; set; } = true;
}
