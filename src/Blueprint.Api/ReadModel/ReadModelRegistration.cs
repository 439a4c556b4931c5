using Blueprint.Data.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.ReadModel;

public static class ReadModelRegistration
{
    /// <summary>
    /// The in-memory read model of the public directory (<see cref="DirectoryReadModel"/>) and the commit
    /// counter that keeps this host's own writes visible at once (<see cref="LocalCommits"/>, an EF
    /// interceptor on both providers' contexts).
    /// </summary>
    public static void AddBlueprintReadModel(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ReadModelOptions>().Bind(builder.Configuration.GetSection(ReadModelOptions.Section));
        services.AddSingleton<LocalCommits>();
        services.ConfigureDbContext<SqliteBlueprintDb>((sp, o) => o.AddInterceptors(new LocalCommitInterceptor(sp.GetRequiredService<LocalCommits>())));
        services.ConfigureDbContext<SqlServerBlueprintDb>((sp, o) => o.AddInterceptors(new LocalCommitInterceptor(sp.GetRequiredService<LocalCommits>())));
        services.AddSingleton<DirectoryReadModel>();
        services.AddHostedService(sp => sp.GetRequiredService<DirectoryReadModel>());
    }
}
