using Blueprint.Ingest.Normalising;

namespace Blueprint.Ingest.Staging;

/// <summary>
/// Organisation and intervention names turned into <see cref="ListingMatcher"/> keys, remembered:
/// names repeat from row to row (an organisation's several interventions, duplicate submissions) and
/// making a key folds accents, case and punctuation.
/// </summary>
internal sealed class NameKeys
{
    private readonly BoundedMemo<string> organisations = new(8192);
    private readonly BoundedMemo<string> interventions = new(8192);

    public string Organisation(string name) => organisations.Get(name, 0, static (_, n) => ListingMatcher.OrganisationKey(n));

    public string Intervention(string name) => interventions.Get(name, 0, static (_, n) => ListingMatcher.NameKey(n));
}
