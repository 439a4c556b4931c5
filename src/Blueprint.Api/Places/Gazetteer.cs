using System.Globalization;

namespace Blueprint.Api.Places;

/// <summary>A populated place from OS Open Names, or a postcode district from Code-Point Open.</summary>
/// <param name="Kind">city, town, village, suburban_area, hamlet; postcode-district; postcode.</param>
/// <param name="LocalAuthority">the W06 code the place belongs to (a district: its main Welsh local authority).</param>
public sealed record Place(string Name, string? NameCy, string Kind, double Latitude, double Longitude, string LocalAuthority);

/// <summary>
/// Welsh towns, villages and postcode districts held in memory (3,500 places and 211 districts, about
/// 400 KB), matched by <see cref="PlaceNames"/>: best first, at most <see cref="MaxCandidates"/>.
/// </summary>
public sealed class Gazetteer
{
    public const int MaxCandidates = 10;

    /// <summary>Shown wherever results from these files are shown (OGL v3 requires it).</summary>
    public const string Attribution =
        "Contains OS data © Crown copyright and database right 2017 and 2025. Contains Royal Mail data © Royal Mail copyright and database right 2017 and 2025. " +
        "Contains National Statistics data © Crown copyright and database right 2017 and 2025. (OS Open Names and Code-Point Open, Open Government Licence v3.0.)";

    private static readonly string[] KindOrder = ["city", "town", "village", "suburban_area", "hamlet"];

    private readonly List<(Place Place, string Key, string? KeyCy)> places;
    private readonly Dictionary<string, Place> districts;
    private readonly List<(string Code, string[] Keys)> areas;

    /// <param name="areas">Wales's areas (code and names, aliases included), for <see cref="Areas"/>.</param>
    public Gazetteer(IEnumerable<Place> places, IEnumerable<Place> districts, IEnumerable<(string Code, IEnumerable<string> Names)>? areas = null)
    {
        this.places = places.Select(p => (p, PlaceNames.Key(p.Name), p.NameCy is { Length: > 0 } cy ? PlaceNames.Key(cy) : null)).ToList();
        this.districts = districts.ToDictionary(d => d.Name, StringComparer.Ordinal);
        this.areas = (areas ?? []).Select(a => (a.Code, a.Names.Select(PlaceNames.Key).Where(k => k.Length > 0).Distinct().ToArray())).ToList();
    }

    /// <summary>
    /// Codes of the areas (local authorities, regions, boards) whose whole name or alias is the text as typed or
    /// with a Welsh mutation undone ("Wynedd", "Ngwynedd" → Gwynedd): the browser matches plain area names itself.
    /// </summary>
    public IReadOnlyList<string> Areas(string text)
    {
        var key = PlaceNames.Key(text);
        if (key.Length == 0)
        {
            return [];
        }
        // A place really called what was typed wins over an area whose name it could be a mutation of.
        var radicals = places.Any(p => p.Key == key || p.KeyCy == key) ? [] : PlaceNames.Radicals(key);
        return areas.Where(a => a.Keys.Any(k => k == key || radicals.Contains(k))).Select(a => a.Code).ToList();
    }

    public int PlaceCount => places.Count;
    public int DistrictCount => districts.Count;

    /// <summary>A postcode district ("LL57") by its outcode, any case and spacing.</summary>
    public Place? District(string outcode) => districts.GetValueOrDefault(PostcodeLookup.Normalise(outcode));

    /// <summary>
    /// Places whose English or Welsh name matches <paramref name="text"/>: the whole name as typed, then the
    /// whole name once a Welsh mutation is undone, then names starting with it, then names containing it
    /// (four letters or more). Same-named places in one local authority count once (they lead to the same area).
    /// </summary>
    public IReadOnlyList<(Place Place, bool Exact)> Search(string text)
    {
        var key = PlaceNames.Key(text);
        if (key.Length == 0)
        {
            return [];
        }
        var radicals = PlaceNames.Radicals(key);
        var ranked = new List<(Place Place, int Rank)>();
        foreach (var (place, nameKey, cyKey) in places)
        {
            var rank = Math.Min(Rank(nameKey, key, radicals), cyKey is null ? int.MaxValue : Rank(cyKey, key, radicals));
            if (rank < int.MaxValue)
            {
                ranked.Add((place, rank));
            }
        }
        return ranked
            .OrderBy(r => r.Rank)
            .ThenBy(r => KindRank(r.Place.Kind))
            .ThenBy(r => r.Place.Name.Length)
            .ThenBy(r => r.Place.Name, StringComparer.Ordinal)
            .DistinctBy(r => (PlaceNames.Key(r.Place.Name), r.Place.LocalAuthority))
            .Take(MaxCandidates)
            .Select(r => (r.Place, r.Rank <= 1))
            .ToList();
    }

    private static int Rank(string name, string key, IReadOnlyList<string> radicals)
    {
        if (name == key)
        {
            return 0;
        }
        if (radicals.Contains(name))
        {
            return 1;
        }
        if (key.Length >= 3 && name.StartsWith(key, StringComparison.Ordinal))
        {
            return 2;
        }
        if (key.Length >= 4 && radicals.Any(r => name.StartsWith(r, StringComparison.Ordinal)))
        {
            return 3;
        }
        if (key.Length >= 4 && name.Contains(key, StringComparison.Ordinal))
        {
            return 4;
        }
        return int.MaxValue;
    }

    private static int KindRank(string kind) => Array.IndexOf(KindOrder, kind) is var i and >= 0 ? i : KindOrder.Length;

    /// <summary>Loads both files; a missing or unreadable one stops the server with a line naming the setting and the path.</summary>
    public static Gazetteer Load(string placesFile, string districtsFile, IEnumerable<(string Code, IEnumerable<string> Names)> areas) =>
        new(ReadFile(placesFile, "Places:GazetteerFile", ReadPlaces), ReadFile(districtsFile, "Places:PostcodeDistrictsFile", ReadDistricts), areas);

    private static List<Place> ReadFile(string path, string setting, Func<TextReader, List<Place>> read)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{setting}: the file {path} does not exist.", path);
        }
        try
        {
            using var reader = new StreamReader(path);
            var rows = read(reader);
            return rows.Count > 0 ? rows : throw new InvalidDataException("it has no rows");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or FormatException)
        {
            throw new InvalidDataException($"{setting}: the file {path} could not be read: {e.Message}", e);
        }
    }

    /// <summary>Reads <c>name,name_cy,latitude,longitude,local_authority_code,kind</c> (header required).</summary>
    public static List<Place> ReadPlaces(TextReader reader) => ReadRows(reader,
        ["name", "name_cy", "latitude", "longitude", "local_authority_code", "kind"],
        f => new Place(f[0], f[1].Length > 0 ? f[1] : null, f[5], Number(f[2]), Number(f[3]), f[4]));

    /// <summary>Reads <c>outcode,latitude,longitude,…,main_welsh_local_authority_code</c> (header required).</summary>
    public static List<Place> ReadDistricts(TextReader reader) => ReadRows(reader,
        ["outcode", "latitude", "longitude", "main_welsh_local_authority_code"],
        f => new Place(PostcodeLookup.Normalise(f[0]), null, "postcode-district", Number(f[1]), Number(f[2]), f[3]));

    private static List<Place> ReadRows(TextReader reader, string[] columns, Func<string[], Place> make)
    {
        var header = (reader.ReadLine() ?? throw new InvalidDataException("it is empty")).Split(',').Select(h => h.Trim()).ToList();
        var at = columns.Select(c => header.IndexOf(c) is var i and >= 0 ? i : throw new InvalidDataException($"it has no column {c}")).ToArray();
        var rows = new List<Place>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }
            var fields = text.Split(',');
            if (fields.Length < header.Count)
            {
                throw new InvalidDataException($"line {line} has {fields.Length} fields, the header {header.Count}");
            }
            var place = make(at.Select(i => fields[i].Trim()).ToArray());
            if (!place.LocalAuthority.StartsWith("W06", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"line {line} has no W06 local authority code");
            }
            rows.Add(place);
        }
        return rows;
    }

    private static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value : throw new InvalidDataException($"'{text}' is not a number");
}
