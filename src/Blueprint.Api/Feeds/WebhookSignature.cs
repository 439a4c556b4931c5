using System.Security.Cryptography;
using System.Text;

namespace Blueprint.Api.Feeds;

/// <summary>
/// How a notification is signed: <c>Blueprint-Signature: sha256=HEX</c>, the lower-case hex HMAC-SHA256, keyed with
/// the webhook's secret (UTF-8), of <c>{Blueprint-Timestamp}.{body}</c>; the timestamp is Unix seconds at sending.
/// A partner recomputes it, compares in constant time and refuses a timestamp more than five minutes old.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "Blueprint-Webhook-Id";
    public const string TimestampHeader = "Blueprint-Timestamp";
    public const string SignatureHeader = "Blueprint-Signature";

    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>A new secret: 32 random bytes, base64url.</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
