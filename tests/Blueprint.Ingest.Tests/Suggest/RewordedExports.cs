using System.Text;

namespace Blueprint.Ingest.Tests.Suggest;

/// <summary>
/// The two shipped exports (data/sample) with their header reworded as another round or another tool might word it:
/// synonyms, words reordered, other case and punctuation, numbered questions, other instruction suffixes, another
/// tool's option-column style. Only the header line changes; the answers stay byte for byte.
/// </summary>
public static class RewordedExports
{
    public static string MsFormsPath => Path.Combine(TestDb.Root, "data", "sample", "survey-msforms.csv");
    public static string PerOptionPath => Path.Combine(TestDb.Root, "data", "sample", "survey-per-option.csv");

    /// <summary>Microsoft Forms questions → a later round's wording, exported by another tool with numbered questions.</summary>
    public static readonly IReadOnlyDictionary<string, string> MsForms = new Dictionary<string, string>
    {
        ["ID"] = "Respondent ID",
        ["Start time"] = "Started",
        ["Completion time"] = "Submitted at",
        ["Organisation name"] = "Q1. Name of your organization",
        ["Organisation type"] = "Q2. Type of organization",
        ["Your name"] = "Q3. Respondent name",
        ["Job title"] = "Q4. Your job title / role",
        ["E-mail address"] = "Q5. Your email address",
        ["May we publish this intervention in the interventions directory?"] = "Q6. Can we list this programme in the directory?",
        ["May we contact you about your answers?"] = "Q7. Can we contact you about your responses?",
        ["Name of the intervention"] = "Q8. Programme name",
        ["Brief description of the intervention"] = "Q9. Describe the programme briefly",
        ["Purpose of the intervention (tick all that apply)"] = "Q10. Purposes of the programme (select all that apply)",
        ["Forms of VAWDASV addressed (tick all that apply)"] = "Q11. Which forms of VAWDASV does it address? (select all that apply)",
        ["Setting (tick all that apply)"] = "Q12. Settings (select all that apply)",
        ["Stage"] = "Q13. Stage of the justice system",
        ["Where is the intervention delivered? (tick all that apply)"] = "Q14. Where is the programme delivered? (select all that apply)",
        ["Postcode(s) of delivery venue(s), if any"] = "Q15. Postcodes of delivery venues (if any)",
        ["May the venue location be shown in the directory?"] = "Q16. Can the venue location be shown in the directory?",
        ["Who is it for? Gender"] = "Q17. Gender of participants",
        ["Who is it for? Age (tick all that apply)"] = "Q18. Participant age (select all that apply)",
        ["Who is it for? Specific groups (tick all that apply)"] = "Q19. Specific groups it is for (select all that apply)",
        ["Risk levels accepted (tick all that apply)"] = "Q20. Which risk levels are accepted? (select all that apply)",
        ["Referral routes (tick all that apply)"] = "Q21. Routes of referral (select all that apply)",
        ["Format"] = "Q22. Delivery format",
        ["Length (weeks or sessions)"] = "Q23. How long is the programme? (weeks or sessions)",
        ["Languages (tick all that apply)"] = "Q24. Languages offered (select all that apply)",
        ["Places per year"] = "Q25. Annual capacity (places)",
        ["Current waiting time (weeks)"] = "Q26. Current wait time in weeks",
        ["Is support offered to (ex-)partners or family alongside?"] = "Q27. Do you also support partners, ex-partners or families?",
        ["Accreditation or standards (tick all that apply)"] = "Q28. Accreditations / standards met (select all that apply)",
        ["Funding sources (tick all that apply)"] = "Q29. Sources of funding (select all that apply)",
        ["Funding secure until"] = "Q30. Funding secured until",
        ["Has it been evaluated?"] = "Q31. Has the programme been evaluated?",
        ["Outcome measures used"] = "Q32. Which outcome measures do you use?",
        ["Barriers and challenges"] = "Q33. Barriers or challenges you face",
        ["Referral contact (phone / e-mail / web page) that may be published"] = "Q34. Public contact for referrals (phone, email or website)",
    };

    /// <summary>
    /// Per-option questions → another wording, in the "Question [Option]" style of tools such as Google Forms, in other
    /// case; a few option texts reworded too.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> PerOptionQuestions = new Dictionary<string, string>
    {
        ["Response ID"] = "Response Id",
        ["Date Started"] = "Start Date",
        ["Date Ended"] = "End Date",
        ["Organisation name"] = "ORGANISATION NAME",
        ["Organisation type"] = "ORGANISATION TYPE",
        ["Your name"] = "Contact name",
        ["Job title"] = "Job Title:",
        ["E-mail address"] = "Contact e-mail",
        ["May we publish this intervention in the interventions directory?"] = "Publish this intervention in the directory?",
        ["May we contact you about your answers?"] = "OK to contact you about these answers?",
        ["Name of the intervention"] = "Intervention name",
        ["Brief description of the intervention"] = "Intervention description (brief)",
        ["Purpose of the intervention"] = "Purposes",
        ["Forms of VAWDASV addressed"] = "VAWDASV forms addressed",
        ["Setting"] = "Settings",
        ["Stage"] = "Stage(s)",
        ["Where is the intervention delivered?"] = "Delivered where",
        ["Postcode(s) of delivery venue(s), if any"] = "Venue postcodes",
        ["May the venue location be shown in the directory?"] = "Show venue location in the directory?",
        ["Who is it for? Gender"] = "Gender",
        ["Who is it for? Age"] = "Age groups",
        ["Who is it for? Specific groups"] = "Specific groups",
        ["Risk levels accepted"] = "Risk levels",
        ["Referral routes"] = "Referral route",
        ["Format"] = "FORMAT",
        ["Length (weeks or sessions)"] = "Length - weeks / sessions",
        ["Languages"] = "Language",
        ["Places per year"] = "Places a year",
        ["Current waiting time (weeks)"] = "Waiting time now (weeks)",
        ["Is support offered to (ex-)partners or family alongside?"] = "Support for (ex-)partners / family too?",
        ["Accreditation or standards"] = "Accreditation",
        ["Funding sources"] = "Funding source",
        ["Funding secure until"] = "Funding secure until:",
        ["Has it been evaluated?"] = "Evaluated?",
        ["Outcome measures used"] = "Outcome measures",
        ["Barriers and challenges"] = "Barriers / challenges",
        ["Referral contact (phone / e-mail / web page) that may be published"] = "Referral contact (phone, e-mail, web)",
    };

    public static readonly IReadOnlyDictionary<string, string> PerOptionOptions = new Dictionary<string, string>
    {
        ["Harassment (including online)"] = "Harassment incl. online",
        ["Support perpetrators to change their behaviour"] = "Support perpetrators to change behaviour",
        ["Courts (mandated)"] = "Court mandated",
        ["Older people 60+"] = "60 and over",
    };

    /// <summary>The per-option header: "Question - Option" becomes "Question [Option]", both reworded.</summary>
    public static string PerOption(string header)
    {
        var cut = header.IndexOf(" - ", StringComparison.Ordinal);
        if (cut > 0 && PerOptionQuestions.ContainsKey(header[..cut]) && !PerOptionQuestions.ContainsKey(header))
        {
            var question = PerOptionQuestions[header[..cut]];
            var option = header[(cut + 3)..];
            return $"{question} [{PerOptionOptions.GetValueOrDefault(option, option)}]";
        }
        return PerOptionQuestions.GetValueOrDefault(header, header);
    }

    /// <summary>Writes a copy of <paramref name="source"/> whose header cells are mapped by <paramref name="reword"/>.</summary>
    public static string Write(TestDb t, string source, string name, Func<string, string> reword)
    {
        var bytes = File.ReadAllBytes(source);
        var bom = bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var end = bom;
        var quoted = false;
        while (end < bytes.Length && (quoted || (bytes[end] != '\n' && bytes[end] != '\r')))
        {
            quoted ^= bytes[end] == '"';
            end++;
        }
        var header = Header(Encoding.UTF8.GetString(bytes, bom, end - bom)).Select(reword).Select(Quote);
        var output = new MemoryStream();
        output.Write(bytes, 0, bom);
        output.Write(Encoding.UTF8.GetBytes(string.Join(",", header)));
        output.Write(bytes, end, bytes.Length - end);
        return t.WriteBytes(name, output.ToArray());
    }

    public static List<string> Header(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }
        cells.Add(cell.ToString());
        return cells;
    }

    private static string Quote(string cell) => cell.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
