using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Blueprint.Api.Tests.Operations;

/// <summary>
/// A key that is not a key (<c>/odata/Interventions(abc)</c>) is the caller's 404. OData's routing logs it as an error with a
/// stack trace, so anyone could fill the error log and wake whoever is alerted by it: that category is kept out of the log.
/// </summary>
public sealed class BadKeyLogTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Fact]
    public async Task A_malformed_key_is_a_404_and_no_error_in_the_log()
    {
        var entries = new ConcurrentQueue<string>();
        using var logged = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(new CapturingProvider(entries))));
        var client = logged.CreateClient();
        _ = await client.GetAsync("/health", TestContext.Current.CancellationToken); // started: what follows is the requests' doing
        entries.Clear();

        foreach (var url in new[] { "/odata/Interventions(abc)", "/odata/Interventions('x')", "/odata/Organisations(1.5)" })
        {
            using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.DoesNotContain(entries, e => e.StartsWith(nameof(LogLevel.Error), StringComparison.Ordinal) || e.StartsWith(nameof(LogLevel.Critical), StringComparison.Ordinal));
        using var good = await client.GetAsync("/odata/Interventions?$top=1", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }
}
