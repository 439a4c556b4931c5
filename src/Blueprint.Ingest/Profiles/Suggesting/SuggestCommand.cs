using Blueprint.Ingest.Commands;
using Blueprint.Ingest.Reading;

namespace Blueprint.Ingest.Profiles.Suggesting;

/// <summary><c>profile suggest FILE [--from PROFILE] [--out NEW.json]</c>: drafts a profile for an export and prints the review.</summary>
public static class SuggestCommand
{
    public const string Usage = "profile suggest FILE [--from PROFILE] [--out NEW.json]";

    public static Task<int> RunAsync(IngestContext ctx, string[] args, CancellationToken ct)
    {
        var output = ctx.Output;
        if (args is not ["suggest", .. var rest])
        {
            output.WriteLine("Usage: " + Usage);
            return Task.FromResult(2);
        }
        string? file = null, from = null, outPath = null;
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--from" when i + 1 < rest.Length: from = rest[++i]; break;
                case "--out" when i + 1 < rest.Length: outPath = rest[++i]; break;
                case var a when !a.StartsWith("--", StringComparison.Ordinal) && file is null: file = a; break;
                default:
                    output.WriteLine("Usage: " + Usage);
                    return Task.FromResult(2);
            }
        }
        if (file is null)
        {
            output.WriteLine("Usage: " + Usage);
            return Task.FromResult(2);
        }
        try
        {
            var catalog = new ProfileCatalog(ctx.DataRoot);
            var profiles = catalog.All();
            var basedOn = from is null ? null : catalog.Get(from);
            if (basedOn is not null && ProfileBinding.Check(basedOn, ctx.Vocabularies) is { Count: > 0 } mistakes)
            {
                output.WriteLine($"The profile {basedOn.Name} has mistakes: {string.Join(" ", mistakes)}");
                return Task.FromResult(1);
            }
            var sample = ExportSample.Read(file, ctx.MaxFileBytes);
            ct.ThrowIfCancellationRequested();
            var suggestion = new ProfileSuggester(profiles, ctx.Vocabularies, ctx.Areas).Suggest(sample, file, basedOn);
            var json = DraftProfileJson.Text(suggestion.ProfileJson);
            if (outPath is null)
            {
                output.WriteLine(json);
                output.WriteLine();
            }
            else
            {
                File.WriteAllText(outPath, json + Environment.NewLine);
            }
            ReviewTable.Write(output, suggestion);
            if (outPath is not null)
            {
                output.WriteLine();
                output.WriteLine($"Draft written to {outPath}. Check it, then try it without storing anything: import {file} --profile {outPath} --dry-run");
            }
            return Task.FromResult(0);
        }
        catch (IngestFileException e)
        {
            output.WriteLine($"Could not draft a profile for {Path.GetFileName(file)}: {e.Message}");
            return Task.FromResult(1);
        }
        catch (IOException e)
        {
            output.WriteLine($"Could not write the draft: {e.Message}");
            return Task.FromResult(1);
        }
        catch (UnauthorizedAccessException e)
        {
            output.WriteLine($"Could not write the draft: {e.Message}");
            return Task.FromResult(1);
        }
    }
}
