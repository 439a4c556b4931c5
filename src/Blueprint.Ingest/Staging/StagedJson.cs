using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Blueprint.Ingest.Normalising;

namespace Blueprint.Ingest.Staging;

/// <summary>
/// Writes the JSON columns of a staged response (raw cells, normalised answers, problems) by hand as
/// UTF-8, reusing one buffer: an import writes three documents a row, and the reflection-free writer is
/// several times cheaper than the serializer. The normalised answers read back with
/// <see cref="IngestJson"/>: camelCase names, nulls, empty lists and false flags left out.
/// One instance per thread.
/// </summary>
internal sealed class StagedJson : IDisposable
{
    private ArrayBufferWriter<byte> buffer = new(4096);
    private readonly Utf8JsonWriter w;

    public StagedJson() => w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });

    /// <summary>A row's cells as a JSON array, in header order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public byte[] Cells(IReadOnlyList<string> cells)
    {
        Start();
        w.WriteStartArray();
        foreach (var cell in cells)
        {
            w.WriteStringValue(cell);
        }
        w.WriteEndArray();
        return Finish();
    }

    /// <summary>A row that could not be read: <c>{"$raw": text}</c>.</summary>
    public byte[] Unreadable(string raw)
    {
        Start();
        w.WriteStartObject();
        w.WriteString("$raw", raw);
        w.WriteEndObject();
        return Finish();
    }

    /// <summary>Problems as <c>[{"column","value","message","severity","code"}]</c>, or null when there are none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public byte[]? Problems(IReadOnlyList<Problem> problems)
    {
        if (problems.Count == 0)
        {
            return null;
        }
        Start();
        w.WriteStartArray();
        foreach (var p in problems)
        {
            w.WriteStartObject();
            w.WriteString("column", p.Column);
            if (p.Value is not null)
            {
                w.WriteString("value", p.Value);
            }
            w.WriteString("message", p.Message);
            w.WriteString("severity", p.Severity == Severity.Error ? "Error" : "Warning");
            if (p.Code is not null)
            {
                w.WriteString("code", p.Code);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        return Finish();
    }

    /// <summary>Every normalised answer, as <see cref="IngestJson"/> writes them.</summary>
    public byte[] Normalised(NormalisedResponse r) => Write(r, withColumns: true);

    /// <summary>
    /// The normalised answers as a staged row stores them: without the five that the row holds in columns of its own
    /// (completion time, both consents, the organisation's and the intervention's names), which
    /// <see cref="StagedAnswers"/> puts back when the answers are read.
    /// </summary>
    public byte[] Answers(NormalisedResponse r) => Write(r, withColumns: false);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private byte[] Write(NormalisedResponse r, bool withColumns)
    {
        Start();
        w.WriteStartObject();
        Text("responseId", r.ResponseId);
        if (withColumns)
        {
            if (r.CompletedAt is { } completed)
            {
                w.WriteString("completedAt", completed);
            }
            Flag("consentToPublish", r.ConsentToPublish);
            Flag("consentToContact", r.ConsentToContact);
            Text("organisationName", r.OrganisationName);
        }
        Text("organisationType", r.OrganisationType);
        if (withColumns)
        {
            Text("interventionName", r.InterventionName);
        }
        Text("description", r.Description);
        List("purposes", r.Purposes);
        List("forms", r.Forms);
        List("settings", r.Settings);
        List("stages", r.Stages);
        if (r.AllWales)
        {
            w.WriteBoolean("allWales", true);
        }
        List("localAuthorities", r.LocalAuthorities);
        if (r.Venues.Count > 0)
        {
            w.WriteStartArray("venues");
            foreach (var v in r.Venues)
            {
                w.WriteStartObject();
                w.WriteString("postcode", v.Postcode);
                if (v.Latitude is { } lat)
                {
                    w.WriteNumber("latitude", lat);
                }
                if (v.Longitude is { } lon)
                {
                    w.WriteNumber("longitude", lon);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        Text("venueVisibility", r.VenueVisibility);
        Text("gender", r.Gender);
        List("ageBands", r.AgeBands);
        List("cohortGroups", r.CohortGroups);
        List("riskLevels", r.RiskLevels);
        List("referralRoutes", r.ReferralRoutes);
        Text("format", r.Format);
        Text("lengthText", r.LengthText);
        Number("lengthWeeks", r.LengthWeeks);
        List("languages", r.Languages);
        Number("placesPerYear", r.PlacesPerYear);
        Number("waitingTimeWeeks", r.WaitingTimeWeeks);
        Flag("supportsPartners", r.SupportsPartners);
        List("accreditations", r.Accreditations);
        List("fundingSources", r.FundingSources);
        if (r.FundingEnds is { } ends)
        {
            Span<char> date = stackalloc char[10];
            ends.TryFormat(date, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            w.WriteString("fundingEnds", date[..written]);
        }
        Text("fundingStatus", r.FundingStatus);
        Text("evaluation", r.Evaluation);
        Text("outcomeMeasures", r.OutcomeMeasures);
        Text("barriers", r.Barriers);
        Text("referralPhone", r.ReferralPhone);
        Text("referralEmail", r.ReferralEmail);
        Text("referralUrl", r.ReferralUrl);
        if (r.OtherAnswers is { Count: > 0 } others)
        {
            w.WriteStartObject("otherAnswers");
            foreach (var (field, texts) in others)
            {
                w.WriteStartArray(field);
                foreach (var text in texts)
                {
                    w.WriteStringValue(text);
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        return Finish();
    }

    private void Text(string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private void Flag(string name, bool? value)
    {
        if (value is { } b)
        {
            w.WriteBoolean(name, b);
        }
    }

    private void Number(string name, int? value)
    {
        if (value is { } n)
        {
            w.WriteNumber(name, n);
        }
    }

    private void List(string name, List<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
    }

    private void Start()
    {
        buffer.ResetWrittenCount();
        w.Reset(buffer);
    }

    private byte[] Finish()
    {
        w.Flush();
        var text = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 1 << 20)
        {
            // A hostile row made the buffer huge: let it go rather than keep it for the whole import.
            buffer = new ArrayBufferWriter<byte>(4096);
        }
        return text;
    }

    public void Dispose() => w.Dispose();
}
