using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Blueprint.Api.Places;

/// <summary>Configuration section <c>Places</c>: where postcodes are looked up. Both empty (the default) = no postcode search.</summary>
public sealed class PlacesOptions
{
    public const string Section = "Places";

    /// <summary>A CSV extract (for example from the ONS Postcode Directory) with a header row and the columns
    /// <c>postcode,latitude,longitude</c>, optionally <c>localAuthority</c> (ONS <c>oslaua</c>/<c>lad</c> also accepted).
    /// A relative path is taken from the data root (the repository, or <c>Data:Root</c>).</summary>
    public string PostcodeFile { get; set; } = "";

    /// <summary>An online lookup used when set, e.g. <c>https://api.example/postcodes/{postcode}</c>; it must answer
    /// JSON with <c>latitude</c> and <c>longitude</c> at the top level or under <c>result</c>. Off by default.</summary>
    public string PostcodeApiUrl { get; set; } = "";

    /// <summary>The offline gazetteer of Welsh towns and villages (OS Open Names); relative to the repository root.</summary>
    public string GazetteerFile { get; set; } = "data/reference/places.csv";

    /// <summary>Postcode districts with a point and their main Welsh local authority (Code-Point Open); relative to the repository root.</summary>
    public string PostcodeDistrictsFile { get; set; } = "data/reference/postcode-districts-detail.csv";
}

/// <summary>Where a postcode is. <see cref="LocalAuthority"/> is a W06 code, or null when the source does not say.</summary>
public sealed record PostcodePlace(string Postcode, double Latitude, double Longitude, string? LocalAuthority);

/// <summary>Finds a postcode in the configured CSV extract or, if configured instead, an online API.</summary>
public sealed partial class PostcodeLookup
{
    private static readonly string[] PostcodeColumns = ["postcode", "pcds", "pcd", "pcd2"];
    private static readonly string[] LatitudeColumns = ["latitude", "lat"];
    private static readonly string[] LongitudeColumns = ["longitude", "long", "lng", "lon"];
    private static readonly string[] LocalAuthorityColumns = ["localauthority", "local_authority", "oslaua", "lad", "laua"];

    private readonly string? file;
    private readonly string? apiUrl;
    private readonly HttpClient? http;
    private readonly ILogger logger;
    private readonly Lazy<FrozenDictionary<string, PostcodePlace>> extract;

    public PostcodeLookup(PlacesOptions options, string contentRoot, ILogger<PostcodeLookup> logger, HttpClient? http = null)
    {
        this.logger = logger;
        if (!string.IsNullOrWhiteSpace(options.PostcodeApiUrl))
        {
            apiUrl = options.PostcodeApiUrl.Trim();
            this.http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        }
        else if (!string.IsNullOrWhiteSpace(options.PostcodeFile))
        {
            file = Path.GetFullPath(options.PostcodeFile, contentRoot);
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"Places:PostcodeFile: there is no file {file}", file);
            }
        }
        extract = new Lazy<FrozenDictionary<string, PostcodePlace>>(LoadFile, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>False when neither a file nor an API is configured: the endpoint then answers 501.</summary>
    public bool IsConfigured => file is not null || apiUrl is not null;

    /// <summary>"cf10 1aa" → "CF101AA".</summary>
    public static string Normalise(string postcode) => WhiteSpace().Replace(postcode, "").ToUpperInvariant();

    /// <summary>Whether a normalised text has the shape of a full UK postcode.</summary>
    public static bool IsWellFormed(string normalised) => PostcodeShape().IsMatch(normalised);

    /// <summary>"CF101AA" → "CF10 1AA".</summary>
    public static string Display(string normalised) => $"{normalised[..^3]} {normalised[^3..]}";

    public async Task<PostcodePlace?> FindAsync(string postcode, CancellationToken cancellationToken)
    {
        var key = Normalise(postcode);
        if (apiUrl is not null)
        {
            return await FindOnlineAsync(key, cancellationToken);
        }
        return file is null ? null : extract.Value.GetValueOrDefault(key);
    }

    private FrozenDictionary<string, PostcodePlace> LoadFile()
    {
        using var reader = new StreamReader(file!);
        var places = Read(reader);
        logger.LogInformation("Loaded {Count} postcodes from {File}", places.Count, file);
        return places;
    }

    /// <summary>Reads a postcode CSV with a header row; rows without a usable postcode or coordinates are skipped.</summary>
    public static FrozenDictionary<string, PostcodePlace> Read(TextReader reader)
    {
        var header = reader.ReadLine() ?? throw new InvalidDataException("The postcode file is empty.");
        var names = SplitCsvLine(header).Select(n => n.Trim().ToLowerInvariant()).ToList();
        int Column(string[] candidates) => names.FindIndex(candidates.Contains);
        var postcodeAt = Column(PostcodeColumns);
        var latitudeAt = Column(LatitudeColumns);
        var longitudeAt = Column(LongitudeColumns);
        var authorityAt = Column(LocalAuthorityColumns);
        if (postcodeAt < 0 || latitudeAt < 0 || longitudeAt < 0)
        {
            throw new InvalidDataException("The postcode file needs the columns postcode, latitude and longitude.");
        }

        var places = new Dictionary<string, PostcodePlace>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var fields = SplitCsvLine(line);
            if (fields.Count <= Math.Max(postcodeAt, Math.Max(latitudeAt, longitudeAt)))
            {
                continue;
            }
            var key = Normalise(fields[postcodeAt]);
            if (!IsWellFormed(key)
                || !double.TryParse(fields[latitudeAt], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
                || !double.TryParse(fields[longitudeAt], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude)
                || latitude is < -90 or > 90 || longitude is < -180 or > 180)
            {
                continue;
            }
            var authority = authorityAt >= 0 && authorityAt < fields.Count && fields[authorityAt].Trim() is { Length: > 0 } la ? la : null;
            places[key] = new PostcodePlace(Display(key), latitude, longitude, authority);
        }
        return places.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static List<string> SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { current.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else { current.Append(c); }
        }
        fields.Add(current.ToString());
        return fields;
    }

    private async Task<PostcodePlace?> FindOnlineAsync(string key, CancellationToken cancellationToken)
    {
        var url = apiUrl!.Contains("{postcode}", StringComparison.Ordinal)
            ? apiUrl.Replace("{postcode}", Uri.EscapeDataString(key), StringComparison.Ordinal)
            : $"{apiUrl.TrimEnd('/')}/{Uri.EscapeDataString(key)}";
        using var response = await http!.GetAsync(url, cancellationToken);
        if (response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var root = json.RootElement;
        var place = root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object ? result : root;
        if (!TryNumber(place, "latitude", out var latitude) || !TryNumber(place, "longitude", out var longitude))
        {
            logger.LogWarning("The postcode API answered without coordinates for {Postcode}", Display(key));
            return null;
        }
        string? authority = null;
        if (place.TryGetProperty("codes", out var codes) && codes.ValueKind == JsonValueKind.Object
            && codes.TryGetProperty("admin_district", out var district) && district.ValueKind == JsonValueKind.String)
        {
            authority = district.GetString();
        }
        else if (place.TryGetProperty("localAuthority", out var la) && la.ValueKind == JsonValueKind.String)
        {
            authority = la.GetString();
        }
        return new PostcodePlace(Display(key), latitude, longitude, authority);
    }

    private static bool TryNumber(JsonElement element, string name, out double value)
    {
        value = 0;
        return element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Number && property.TryGetDouble(out value);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")]
    private static partial Regex PostcodeShape();
}
