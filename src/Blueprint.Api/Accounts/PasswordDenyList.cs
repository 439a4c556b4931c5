using Blueprint.Data.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Blueprint.Api.Accounts;

/// <summary>
/// The passwords refused wherever one is set (decision 0021): those containing the site's name or the person's e-mail
/// name, and those made only of common words (<c>data/passwords/common.txt</c>, letters swapped for look-alike digits
/// and symbols allowed), sequences, repeated characters, keyboard walks and short decorations (a year, a symbol).
/// </summary>
public sealed class PasswordDenyList
{
    public const string File = "data/passwords/common.txt";
    public const string SiteName = "blueprint";

    /// <summary>Runs a guesser walks along (either way): the alphabet, the digits, keyboard rows and columns.</summary>
    private static readonly string[] Runs =
    [
        "abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "!@#$%^&*()",
        "1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik,", "9ol.", "0p;/",
    ];

    /// <summary>What a look-alike character may stand for.</summary>
    private static readonly Dictionary<char, string> LookAlikes = new()
    {
        ['0'] = "o", ['1'] = "il", ['3'] = "e", ['4'] = "a", ['5'] = "s", ['7'] = "t", ['8'] = "b", ['9'] = "g",
        ['@'] = "a", ['$'] = "s", ['!'] = "il", ['+'] = "t", ['|'] = "l",
    };

    private readonly string[] words;

    public PasswordDenyList(IEnumerable<string> words) => this.words = [.. words];

    public int Count => words.Length;

    /// <summary>Reads the list: one entry a line, '#' comments, lower-case letters and digits, 4 characters or more.</summary>
    public static PasswordDenyList Load(string path)
    {
        var entries = new List<string>();
        foreach (var (line, number) in System.IO.File.ReadLines(path).Select((l, i) => (l.Trim(), i + 1)))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            if (line.Length < 4 || !line.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9')))
            {
                throw new InvalidDataException($"line {number}: an entry is 4 or more lower-case letters and digits");
            }
            entries.Add(line);
        }
        return new PasswordDenyList(entries.Distinct());
    }

    /// <summary>True when the password is nothing but common words, sequences, repeats, keyboard walks and decorations.</summary>
    public bool IsCommon(string password)
    {
        var text = password.ToLowerInvariant();
        var ok = new bool[text.Length + 1];
        ok[text.Length] = true;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            ok[i] = PieceLengths(text, i).Any(length => ok[i + length]);
        }
        return ok[0];
    }

    /// <summary>True when the password holds <paramref name="part"/>, ignoring case, separators and look-alikes.</summary>
    public static bool Contains(string password, string part)
    {
        var text = Compact(password);
        var wanted = Compact(part);
        if (wanted.Length < 3)
        {
            return false;
        }
        for (var i = 0; i + wanted.Length <= text.Length; i++)
        {
            if (Matches(text, i, wanted))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The lengths of the pieces that may start at <paramref name="i"/>.</summary>
    private IEnumerable<int> PieceLengths(string text, int i)
    {
        var c = text[i];
        if (!char.IsLetterOrDigit(c))
        {
            yield return 1; // a symbol or a space
        }
        for (var n = 1; n <= 4 && i + n <= text.Length && char.IsAsciiDigit(text[i + n - 1]); n++)
        {
            yield return n; // up to four digits: a year, a PIN, "1"
        }
        var same = 1;
        while (i + same < text.Length && text[i + same] == c)
        {
            same++;
            yield return same; // the same character again
        }
        for (var n = 3; i + n <= text.Length; n++)
        {
            var piece = text.Substring(i, n);
            if (!Runs.Any(run => run.Contains(piece, StringComparison.Ordinal) || Reverse(run).Contains(piece, StringComparison.Ordinal)))
            {
                break;
            }
            yield return n; // a stretch of a run (longer stretches of the same run are tried too)
        }
        foreach (var word in words)
        {
            if (i + word.Length <= text.Length && Matches(text, i, word))
            {
                yield return word.Length;
            }
        }
    }

    private static bool Matches(string text, int at, string word)
    {
        for (var k = 0; k < word.Length; k++)
        {
            var c = text[at + k];
            if (c != word[k] && !(LookAlikes.TryGetValue(c, out var stands) && stands.Contains(word[k], StringComparison.Ordinal)))
            {
                return false;
            }
        }
        return true;
    }

    private static string Compact(string text) =>
        new([.. text.ToLowerInvariant().Where(c => !char.IsWhiteSpace(c) && c is not ('.' or '-' or '_' or '+'))]);

    private static string Reverse(string text) => new([.. text.Reverse()]);
}

/// <summary>Identity's check of every new password (reset, invitation, change, <c>admin create</c>) against <see cref="PasswordDenyList"/>.</summary>
public sealed class DenyListPasswordValidator(PasswordDenyList list) : IPasswordValidator<Person>
{
    public const string ContainsSiteName = "PasswordContainsSiteName";
    public const string ContainsEmail = "PasswordContainsEmail";
    public const string TooCommon = "PasswordTooCommon";

    public Task<IdentityResult> ValidateAsync(UserManager<Person> manager, Person user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }
        var local = (user.Email ?? "").Split('@')[0];
        IdentityError? error = null;
        if (PasswordDenyList.Contains(password, PasswordDenyList.SiteName))
        {
            error = new IdentityError { Code = ContainsSiteName, Description = "A password must not contain the name of this site (Blueprint)." };
        }
        else if (local.Length >= 3 && PasswordDenyList.Contains(password, local))
        {
            error = new IdentityError { Code = ContainsEmail, Description = "A password must not contain your e-mail address or the part of it before the @." };
        }
        else if (list.IsCommon(password))
        {
            error = new IdentityError
            {
                Code = TooCommon,
                Description = "This password is too easy to guess: it is made only of common passwords or words, sequences such as 1234 or abcd, "
                    + "repeated characters or keyboard patterns such as qwerty. Try three or four words that have nothing to do with each other.",
            };
        }
        return Task.FromResult(error is null ? IdentityResult.Success : IdentityResult.Failed(error));
    }
}
