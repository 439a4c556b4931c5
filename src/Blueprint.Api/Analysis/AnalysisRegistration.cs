using Blueprint.Api.Hosting;
using Blueprint.Data.Analysis;
using Blueprint.Data.Geography;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Blueprint.Api.Analysis;

public static class AnalysisRegistration
{
    public static void AddBlueprintAnalysis(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AnalysisOptions.Section).Get<AnalysisOptions>() ?? new AnalysisOptions();
        if (options.SuppressBelow < 1)
        {
            throw new InvalidDataException($"{AnalysisOptions.Section}:{nameof(AnalysisOptions.SuppressBelow)}: must be 1 or more (1 suppresses nothing).");
        }
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => LoadPopulation(sp, options));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<AnalysisSource>();
        builder.Services.AddSingleton<AnalysisEngine>();
        builder.Services.AddScoped<AnalysisTables>();

        var searches = builder.Configuration.GetSection(SearchStatisticsOptions.Section).Get<SearchStatisticsOptions>() ?? new SearchStatisticsOptions();
        builder.Services.AddSingleton(searches);
        builder.Services.AddSingleton<SearchRecorder>();
        builder.Services.AddSingleton<SearchStatisticsWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SearchStatisticsWriter>());
        builder.Services.AddScoped<SearchDemandQuery>();
    }

    /// <summary>Counts public searches; goes before the output cache, so that cached answers count too.</summary>
    public static void UseSearchStatistics(this WebApplication app) => app.UseMiddleware<SearchStatisticsMiddleware>();

    /// <summary>Loads the reference data now, so that a missing or unreadable file stops the start with one line.</summary>
    public static void MapAnalysis(this WebApplication app)
    {
        app.Services.GetRequiredService<Population>();
        app.MapAnalysisExports();

    }

    private static Population LoadPopulation(IServiceProvider services, AnalysisOptions options)
    {
        const string setting = AnalysisOptions.Section + ":" + nameof(AnalysisOptions.PopulationFile);
        var path = services.GetRequiredService<DataPaths>().Resolve(options.PopulationFile);
        var areas = services.GetRequiredService<AreaCatalog>();
        return DataFiles.Load(setting, path, p =>
        {
            var population = Population.Load(p);
            var missing = areas.LocalAuthorities.Select(a => a.Code).Where(c => !population.LocalAuthorities.ContainsKey(c)).ToList();
            return missing.Count == 0 ? population : throw new InvalidDataException($"no figure for {string.Join(", ", missing)}");
        });
    }
}
