using System.ComponentModel.DataAnnotations;

namespace Blueprint.Api.Hosting;

/// <summary>Configuration section <c>Map</c>: the optional online tile layer (off by default), list paging, the marker bound and the quick exit.</summary>
public sealed class MapOptions
{
    public const string Section = "Map";

    /// <summary>A tile URL template such as an OpenStreetMap or OS Maps API one; empty = no tiles (nothing loaded from the internet).</summary>
    public string TileUrl { get; set; } = "";
    public string TileAttribution { get; set; } = "";

    /// <summary>Results the list shows per page ("Show more" adds the next page).</summary>
    [Range(5, 500)]
    public int PageSize { get; set; } = 50;

    /// <summary>
    /// Most interventions one <c>/api/geo/markers</c> answer lists: far above Wales's scale (a few
    /// hundred today); a larger answer is cut here and says <c>"truncated":true</c>.
    /// </summary>
    [Range(100, 1_000_000)]
    public int MarkerLimit { get; set; } = 20_000;

    /// <summary>Where "Leave this site" goes: a neutral page (absolute http or https URL).</summary>
    [Required, RegularExpression(@"^https?://[^\s/]+(/\S*)?$", ErrorMessage = "Map:ExitUrl must be an absolute http or https URL.")]
    public string ExitUrl { get; set; } = "https://www.bbc.co.uk/weather";
}
