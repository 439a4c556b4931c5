using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Blueprint.Data.Geography;

/// <summary>Wales's areas as reference data (data/areas.json): codes, names in both languages, memberships.</summary>
public sealed class AreaCatalog
{
    private readonly Dictionary<string, Area> byCode;
    private readonly Dictionary<string, List<Area>> byName;

    public AreaCatalog(IEnumerable<Area> areas)
    {
        All = areas.ToList();
        byCode = All.ToDictionary(a => a.Code, StringComparer.OrdinalIgnoreCase);
        byName = new Dictionary<string, List<Area>>();
        foreach (var area in All)
        {
            foreach (var name in new[] { area.NameEn, area.NameCy, area.Code }.Concat(area.Aliases))
            {
                var key = NameKey(name);
                if (!byName.TryGetValue(key, out var list))
                {
                    byName[key] = list = [];
                }
                if (!list.Contains(area))
                {
                    list.Add(area);
                }
            }
        }
    }

    public IReadOnlyList<Area> All { get; }

    public IEnumerable<Area> LocalAuthorities => All.Where(a => a.Kind == AreaKinds.LocalAuthority);

    public Area? Find(string code) => byCode.GetValueOrDefault(code.Trim());

    /// <summary>
    /// The areas a written name may mean (English or Welsh, any case, with or without accents and
    /// punctuation, or a known alias). Several when the name is shared by areas of different kinds.
    /// </summary>
    public IReadOnlyList<Area> Named(string name) => byName.GetValueOrDefault(NameKey(name)) ?? [];

    /// <summary>The local-authority codes an area code stands for, or null for an unknown code.</summary>
    public IReadOnlyList<string>? LocalAuthorityCodes(string code) => Find(code)?.LocalAuthorities;

    /// <summary>Lower case, accents removed, "&amp;" read as "and", punctuation and spacing collapsed.</summary>
    public static string NameKey(string name)
    {
        var decomposed = name.Trim().ToLowerInvariant().Replace("&", " and ").Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }
                sb.Append(c);
                space = false;
            }
            else
            {
                space = true;
            }
        }
        return sb.ToString();
    }

    public static AreaCatalog Load(string path)
    {
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize<AreasFile>(stream, JsonOptions)
            ?? throw new InvalidDataException($"{path} holds no areas.");
        return new AreaCatalog(file.Areas);
    }

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record AreasFile(List<Area> Areas);
}
