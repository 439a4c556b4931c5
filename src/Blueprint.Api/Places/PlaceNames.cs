using System.Text;

namespace Blueprint.Api.Places;

/// <summary>
/// How a typed place name is compared with the gazetteer: case, accents (ŵ/w, ô/o), hyphens, spaces,
/// apostrophes and full stops do not count, and a Welsh initial mutation ("Gaerdydd", "Fangor",
/// "Nghaerdydd") is traced back to the radical form the gazetteer holds.
/// </summary>
public static class PlaceNames
{
    /// <summary>"Pen-y-Bont ar Ogwr" → "penybontarogwr"; "Ynys Môn" → "ynysmon"; "&amp;" counts as "and".</summary>
    public static string Key(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var decomposed = text.Replace("&", "and", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var key = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (char.IsLetterOrDigit(c))
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }
        return key.ToString();
    }

    /// <summary>
    /// Mutated beginnings and the radical beginnings they come from, longest first so "ngh" is tried
    /// before "ng" and "n". Nasal: c→ngh, p→mh, t→nh, g→ng, b→m, d→n. Soft: c→g, p→b, t→d, g→(dropped),
    /// b→f, d→dd, ll→l, m→f, rh→r. Aspirate: c→ch, p→ph, t→th, and h before a vowel.
    /// </summary>
    private static readonly (string Mutated, string Radical)[] Mutations =
    [
        ("ngh", "c"), ("mh", "p"), ("nh", "t"), ("ng", "g"), ("dd", "d"), ("ch", "c"), ("ph", "p"), ("th", "t"),
        ("m", "b"), ("n", "d"), ("g", "c"), ("b", "p"), ("d", "t"), ("f", "b"), ("f", "m"), ("l", "ll"), ("r", "rh"),
    ];

    private const string Vowels = "aeiouwy";

    /// <summary>
    /// The radical forms a key may be a mutation of (not including the key itself), e.g. "fangor" →
    /// "bangor", "mangor"; "nghaerdydd" → "caerdydd"; "wynedd" → "gwynedd"; "lanelli" → "llanelli".
    /// Only the first sound mutates, and only once; at least two letters must follow the change.
    /// </summary>
    public static IReadOnlyList<string> Radicals(string key)
    {
        var radicals = new List<string>();
        foreach (var (mutated, radical) in Mutations)
        {
            if (key.Length >= mutated.Length + 2 && key.StartsWith(mutated, StringComparison.Ordinal)
                && !(mutated == "l" && key.StartsWith("ll", StringComparison.Ordinal))
                && !(mutated == "r" && key.StartsWith("rh", StringComparison.Ordinal)))
            {
                Add(radical + key[mutated.Length..]);
            }
        }
        if (key.Length >= 2)
        {
            // Soft mutation drops g: "Wynedd" ← Gwynedd, "Lan" ← Glan, "Raig" ← Graig, "Arth" ← Garth.
            if (Vowels.Contains(key[0], StringComparison.Ordinal) || key[0] is 'l' or 'r')
            {
                Add("g" + key);
            }
            // Aspirate h before a vowel: "Hynys" ← Ynys.
            if (key[0] == 'h' && Vowels.Contains(key[1], StringComparison.Ordinal) && key.Length >= 3)
            {
                Add(key[1..]);
            }
        }
        return radicals;

        void Add(string form)
        {
            if (form != key && !radicals.Contains(form))
            {
                radicals.Add(form);
            }
        }
    }
}
