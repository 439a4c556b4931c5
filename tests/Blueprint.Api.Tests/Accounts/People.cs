using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Blueprint.Api.Accounts;
using Blueprint.Data;
using Blueprint.Data.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Accounts;

/// <summary>Builders for the account tests: people made directly in the database, signed-in clients, the mail they get, TOTP codes.</summary>
public static partial class People
{
    public const string Password = "correct horse battery staple";

    public static string NewEmail(string who = "person") => $"{who}-{Guid.NewGuid():N}@example.org";

    /// <summary>A person with a password, a role and memberships, as an accepted invitation leaves them.</summary>
    public static async Task<Person> CreateAsync(WebApplicationFactory<Program> app, string email, string role, params int[] organisations)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
        var person = new Person { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Test " + role, Role = role, CreatedAt = DateTime.UtcNow };
        var result = await users.CreateAsync(person, Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        db.Memberships.AddRange(organisations.Select(o => new Membership { PersonId = person.Id, OrganisationId = o }));
        await db.SaveChangesAsync();
        app.Services.GetRequiredService<AccountSnapshot>().Invalidate();
        return person;
    }

    /// <summary>A client (keeping cookies) signed in as the person, sending the anti-forgery token on every request.</summary>
    public static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> app, string email, string password = Password, string? code = null)
    {
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/account/signin", new { email, password, code });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await AddAntiforgeryAsync(client);
        return client;
    }

    public static async Task AddAntiforgeryAsync(HttpClient client)
    {
        var token = await client.GetFromJsonAsync<JsonElement>("/api/account/antiforgery");
        client.DefaultRequestHeaders.Remove(RequestGuards.HeaderName);
        client.DefaultRequestHeaders.Add(RequestGuards.HeaderName, token.GetProperty("token").GetString());
    }

    public static HttpClient WithBearer(WebApplicationFactory<Program> app, string token)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static async Task<string> ErrorCodeAsync(HttpResponseMessage response) =>
        (await JsonAsync(response)).GetProperty("error").GetProperty("code").GetString()!;

    /// <summary>The decoded body of the newest message to <paramref name="to"/> in the pickup folder, or null.</summary>
    public static string? LatestMailTo(string folder, string to)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }
        foreach (var file in Directory.GetFiles(folder, "*.eml").OrderByDescending(File.GetLastWriteTimeUtc))
        {
            var text = File.ReadAllText(file);
            if (!text.Contains($"To: {to}", StringComparison.Ordinal))
            {
                continue;
            }
            var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Trim();
            return text.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase)
                ? Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", "", StringComparison.Ordinal)))
                : body;
        }
        return null;
    }

    /// <summary>The code in a mailed or printed link (<c>…#code=CODE</c>).</summary>
    public static string CodeIn(string text) => LinkCode().Match(text) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException($"No link in: {text}");

    [GeneratedRegex(@"#code=([A-Za-z0-9_\-]+)")]
    private static partial Regex LinkCode();

    /// <summary>The current TOTP code for a base32 authenticator key (RFC 6238: HMAC-SHA1, 30 s, 6 digits).</summary>
    public static string Totp(string base32Key, DateTimeOffset? at = null)
    {
        var key = Base32(base32Key);
        var counter = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }
        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0f;
        var value = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var buffer = 0;
        var bytes = new List<byte>();
        foreach (var c in text.ToUpperInvariant().Where(c => c != ' ' && c != '='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }

    public static long DataVersion(BlueprintApp app) => app.WithDb(db => db.DataVersions.AsNoTracking().Single().Value);
}
