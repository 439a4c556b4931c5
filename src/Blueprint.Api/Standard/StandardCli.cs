using Blueprint.Data.Vocabularies;

namespace Blueprint.Api.Standard;

/// <summary><c>standard write DIR</c>: writes the standard's published forms (the copies kept in docs/standard).</summary>
public static class StandardCli
{
    public const string Usage = "standard write DIR";

    public static async Task<int> RunAsync(IHost host, string[] args)
    {
        if (args is not ["write", var folder])
        {
            throw new ArgumentException("Name what to do and where: standard write DIR.");
        }
        var written = Write(host.Services.GetRequiredService<VocabularyCatalog>(), folder);
        foreach (var file in written)
        {
            await Console.Out.WriteLineAsync(file);
        }
        return 0;
    }

    /// <summary>Writes every file of <see cref="StandardDocuments.Files"/> into <paramref name="folder"/>; returns their paths.</summary>
    public static List<string> Write(VocabularyCatalog vocabularies, string folder)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var (file, content) in StandardDocuments.Files)
        {
            var path = Path.Combine(folder, file);
            File.WriteAllText(path, content(vocabularies), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            paths.Add(path);
        }
        return paths;
    }
}
