using Blueprint.Data.Geography;

namespace Blueprint.Ingest.Profiles;

/// <summary>How headers and answer texts are compared: case, accents, spacing and punctuation ignored, "&amp;" read as "and".</summary>
public static class HeaderKey
{
    public static string Of(string text) => AreaCatalog.NameKey(text.Replace('’', '\''));
}
