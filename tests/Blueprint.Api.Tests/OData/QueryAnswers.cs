using System.Text.Json;

namespace Blueprint.Api.Tests.OData;

/// <summary>What every answer to a query must be, whatever the query: no 5xx, and a body that is whole JSON.</summary>
internal static class QueryAnswers
{
    /// <summary>Null when the answer is acceptable; otherwise what is wrong with it.</summary>
    public static async Task<string?> ProblemAsync(HttpClient client, string url)
    {
        HttpResponseMessage response;
        string body;
        try
        {
            response = await client.GetAsync(url, TestContext.Current.CancellationToken);
            body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return $"{Short(url)} → the response broke off: {e.GetType().Name} {e.Message}";
        }
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return $"{Short(url)} → {status}: {Short(body)}";
        }
        if (response.Content.Headers.ContentLength is { } length && length != System.Text.Encoding.UTF8.GetByteCount(body))
        {
            return $"{Short(url)} → {status} with {System.Text.Encoding.UTF8.GetByteCount(body)} of {length} bytes";
        }
        try
        {
            using var json = JsonDocument.Parse(body);
            if (status >= 400 && !json.RootElement.TryGetProperty("error", out _))
            {
                return $"{Short(url)} → {status} without an OData error body: {Short(body)}";
            }
        }
        catch (JsonException e)
        {
            return $"{Short(url)} → {status} whose body is not complete JSON ({e.Message}): …{body[Math.Max(0, body.Length - 120)..]}";
        }
        return null;
    }

    private static string Short(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
