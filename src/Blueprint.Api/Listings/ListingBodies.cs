using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;

namespace Blueprint.Api.Listings;

/// <summary>Request bodies of listing writes: one JSON object, at most <see cref="MaxBytes"/>.</summary>
public static class ListingBodies
{
    public const int MaxBytes = 256 * 1024;

    /// <summary>The body as a JSON object, or null when it is not one.</summary>
    public static async Task<JsonObject?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject;
            // A property named twice is found when the object is first read: refuse it here, not later as a 500.
            _ = body?.Count;
            return body;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return null;
        }
    }

    public static ObjectResult Unreadable() =>
        ListingErrors.Error(400, "BadBody", "Send one JSON object of fields, such as {\"Name\":\"…\",\"Status\":\"paused\"} (Content-Type: application/json).");
}
