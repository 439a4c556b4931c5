using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Blueprint.Api.Tests.Operations;

/// <summary>A host like <see cref="BlueprintApp"/>'s on a database file of its own (no sample), which a test may break.</summary>
internal sealed class OwnDatabase : IAsyncDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"blueprint-ops-{Guid.NewGuid():N}.db");

    public WebApplicationFactory<Program> Host { get; }

    public OwnDatabase(BlueprintApp app, Dictionary<string, string>? settings = null)
    {
        Host = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Blueprint", $"Data Source={Path}");
            b.UseSetting("Database:SeedSampleData", "false");
            foreach (var (key, value) in settings ?? [])
            {
                b.UseSetting(key, value);
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (Directory.Exists(Path + suffix))
            {
                Directory.Delete(Path + suffix, recursive: true);
            }
            File.Delete(Path + suffix);
        }
    }
}
