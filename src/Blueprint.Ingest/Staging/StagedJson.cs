using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    // Strings this long at most are checked for the plain-ASCII shortcut (see Value).
    private const int PlainMax = 1024;
    private readonly byte[] plain = new byte[PlainMax + 2];

    /// <summary>Property names and fixed values, encoded once.</summary>
    private static class N
    {
        public static readonly JsonEncodedText Column = JsonEncodedText.Encode("column");
        public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
        public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
        public static readonly JsonEncodedText Severity = JsonEncodedText.Encode("severity");
        public static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
        public static readonly JsonEncodedText ResponseId = JsonEncodedText.Encode("responseId");
        public static readonly JsonEncodedText CompletedAt = JsonEncodedText.Encode("completedAt");
        public static readonly JsonEncodedText ConsentToPublish = JsonEncodedText.Encode("consentToPublish");
        public static readonly JsonEncodedText ConsentToContact = JsonEncodedText.Encode("consentToContact");
        public static readonly JsonEncodedText OrganisationName = JsonEncodedText.Encode("organisationName");
        public static readonly JsonEncodedText OrganisationType = JsonEncodedText.Encode("organisationType");
        public static readonly JsonEncodedText InterventionName = JsonEncodedText.Encode("interventionName");
        public static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
        public static readonly JsonEncodedText Purposes = JsonEncodedText.Encode("purposes");
        public static readonly JsonEncodedText Forms = JsonEncodedText.Encode("forms");
        public static readonly JsonEncodedText Settings = JsonEncodedText.Encode("settings");
        public static readonly JsonEncodedText Stages = JsonEncodedText.Encode("stages");
        public static readonly JsonEncodedText AllWales = JsonEncodedText.Encode("allWales");
        public static readonly JsonEncodedText LocalAuthorities = JsonEncodedText.Encode("localAuthorities");
        public static readonly JsonEncodedText Venues = JsonEncodedText.Encode("venues");
        public static readonly JsonEncodedText Postcode = JsonEncodedText.Encode("postcode");
        public static readonly JsonEncodedText Latitude = JsonEncodedText.Encode("latitude");
        public static readonly JsonEncodedText Longitude = JsonEncodedText.Encode("longitude");
        public static readonly JsonEncodedText VenueVisibility = JsonEncodedText.Encode("venueVisibility");
        public static readonly JsonEncodedText Gender = JsonEncodedText.Encode("gender");
        public static readonly JsonEncodedText AgeBands = JsonEncodedText.Encode("ageBands");
        public static readonly JsonEncodedText CohortGroups = JsonEncodedText.Encode("cohortGroups");
        public static readonly JsonEncodedText RiskLevels = JsonEncodedText.Encode("riskLevels");
        public static readonly JsonEncodedText ReferralRoutes = JsonEncodedText.Encode("referralRoutes");
        public static readonly JsonEncodedText Format = JsonEncodedText.Encode("format");
        public static readonly JsonEncodedText LengthText = JsonEncodedText.Encode("lengthText");
        public static readonly JsonEncodedText LengthWeeks = JsonEncodedText.Encode("lengthWeeks");
        public static readonly JsonEncodedText Languages = JsonEncodedText.Encode("languages");
        public static readonly JsonEncodedText PlacesPerYear = JsonEncodedText.Encode("placesPerYear");
        public static readonly JsonEncodedText WaitingTimeWeeks = JsonEncodedText.Encode("waitingTimeWeeks");
        public static readonly JsonEncodedText SupportsPartners = JsonEncodedText.Encode("supportsPartners");
        public static readonly JsonEncodedText Accreditations = JsonEncodedText.Encode("accreditations");
        public static readonly JsonEncodedText FundingSources = JsonEncodedText.Encode("fundingSources");
        public static readonly JsonEncodedText FundingEnds = JsonEncodedText.Encode("fundingEnds");
        public static readonly JsonEncodedText FundingStatus = JsonEncodedText.Encode("fundingStatus");
        public static readonly JsonEncodedText Evaluation = JsonEncodedText.Encode("evaluation");
        public static readonly JsonEncodedText OutcomeMeasures = JsonEncodedText.Encode("outcomeMeasures");
        public static readonly JsonEncodedText Barriers = JsonEncodedText.Encode("barriers");
        public static readonly JsonEncodedText ReferralPhone = JsonEncodedText.Encode("referralPhone");
        public static readonly JsonEncodedText ReferralEmail = JsonEncodedText.Encode("referralEmail");
        public static readonly JsonEncodedText ReferralUrl = JsonEncodedText.Encode("referralUrl");
        public static readonly JsonEncodedText OtherAnswers = JsonEncodedText.Encode("otherAnswers");
        public static readonly JsonEncodedText Error = JsonEncodedText.Encode("Error");
        public static readonly JsonEncodedText Warning = JsonEncodedText.Encode("Warning");
    }

    public StagedJson() => w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });

    /// <summary>A row's cells as a JSON array, in header order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public byte[] Cells(IReadOnlyList<string> cells)
    {
        Start();
        w.WriteStartArray();
        foreach (var cell in cells)
        {
            Value(cell);
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
            Text(N.Column, p.Column);
            if (p.Value is not null)
            {
                Text(N.Value, p.Value);
            }
            Text(N.Message, p.Message);
            w.WriteString(N.Severity, p.Severity == Severity.Error ? N.Error : N.Warning);
            if (p.Code is not null)
            {
                Text(N.Code, p.Code);
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
        Text(N.ResponseId, r.ResponseId);
        if (withColumns)
        {
            if (r.CompletedAt is { } completed)
            {
                w.WriteString(N.CompletedAt, completed);
            }
            Flag(N.ConsentToPublish, r.ConsentToPublish);
            Flag(N.ConsentToContact, r.ConsentToContact);
            Text(N.OrganisationName, r.OrganisationName);
        }
        Text(N.OrganisationType, r.OrganisationType);
        if (withColumns)
        {
            Text(N.InterventionName, r.InterventionName);
        }
        Text(N.Description, r.Description);
        List(N.Purposes, r.Purposes);
        List(N.Forms, r.Forms);
        List(N.Settings, r.Settings);
        List(N.Stages, r.Stages);
        if (r.AllWales)
        {
            w.WriteBoolean(N.AllWales, true);
        }
        List(N.LocalAuthorities, r.LocalAuthorities);
        if (r.Venues.Count > 0)
        {
            w.WriteStartArray(N.Venues);
            foreach (var v in r.Venues)
            {
                w.WriteStartObject();
                Text(N.Postcode, v.Postcode);
                if (v.Latitude is { } lat)
                {
                    w.WriteNumber(N.Latitude, lat);
                }
                if (v.Longitude is { } lon)
                {
                    w.WriteNumber(N.Longitude, lon);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        Text(N.VenueVisibility, r.VenueVisibility);
        Text(N.Gender, r.Gender);
        List(N.AgeBands, r.AgeBands);
        List(N.CohortGroups, r.CohortGroups);
        List(N.RiskLevels, r.RiskLevels);
        List(N.ReferralRoutes, r.ReferralRoutes);
        Text(N.Format, r.Format);
        Text(N.LengthText, r.LengthText);
        Number(N.LengthWeeks, r.LengthWeeks);
        List(N.Languages, r.Languages);
        Number(N.PlacesPerYear, r.PlacesPerYear);
        Number(N.WaitingTimeWeeks, r.WaitingTimeWeeks);
        Flag(N.SupportsPartners, r.SupportsPartners);
        List(N.Accreditations, r.Accreditations);
        List(N.FundingSources, r.FundingSources);
        if (r.FundingEnds is { } ends)
        {
            Span<char> date = stackalloc char[10];
            ends.TryFormat(date, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            w.WriteString(N.FundingEnds, date[..written]);
        }
        Text(N.FundingStatus, r.FundingStatus);
        Text(N.Evaluation, r.Evaluation);
        Text(N.OutcomeMeasures, r.OutcomeMeasures);
        Text(N.Barriers, r.Barriers);
        Text(N.ReferralPhone, r.ReferralPhone);
        Text(N.ReferralEmail, r.ReferralEmail);
        Text(N.ReferralUrl, r.ReferralUrl);
        if (r.OtherAnswers is { Count: > 0 } others)
        {
            w.WriteStartObject(N.OtherAnswers);
            foreach (var (field, texts) in others)
            {
                w.WriteStartArray(field);
                foreach (var text in texts)
                {
                    Value(text);
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        return Finish();
    }

    private void Text(JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            w.WritePropertyName(name);
            Value(value);
        }
    }

    /// <summary>
    /// A string value. Most are printable ASCII with no quote or backslash (codes, numbers, most answers), which the
    /// writer's escaping would leave as they are: those are copied straight in, byte for byte what the writer would
    /// write, without its per-string escaping check (a tenth of a staged row's cost); any other goes through the writer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Value(string value)
    {
        if (value.Length <= PlainMax && CopyPlain(value, plain.AsSpan(1)))
        {
            plain[0] = (byte)'"';
            plain[value.Length + 1] = (byte)'"';
            w.WriteRawValue(plain.AsSpan(0, value.Length + 2), skipInputValidation: true);
            return;
        }
        w.WriteStringValue(value);
    }

    /// <summary>
    /// Copies <paramref name="value"/> to <paramref name="target"/> as ASCII if every character is printable ASCII other
    /// than a quote or a backslash (16 at a time); false, with the target's contents undefined, if any is not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool CopyPlain(ReadOnlySpan<char> value, Span<byte> target)
    {
        var chars = MemoryMarshal.Cast<char, ushort>(value);
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 16 <= chars.Length; i += 16)
            {
                var low = Vector128.Create(chars.Slice(i, 8));
                var high = Vector128.Create(chars.Slice(i + 8, 8));
                if ((NotPlain(low) | NotPlain(high)) != Vector128<ushort>.Zero)
                {
                    return false;
                }
                Vector128.Narrow(low, high).CopyTo(target.Slice(i, 16));
            }
        }
        for (; i < chars.Length; i++)
        {
            var c = chars[i];
            if (c is < ' ' or > '~' or '"' or '\\')
            {
                return false;
            }
            target[i] = (byte)c;
        }
        return true;
    }

    private static Vector128<ushort> NotPlain(Vector128<ushort> v) =>
        Vector128.GreaterThan(v - Vector128.Create((ushort)' '), Vector128.Create((ushort)('~' - ' ')))
        | Vector128.Equals(v, Vector128.Create((ushort)'"'))
        | Vector128.Equals(v, Vector128.Create((ushort)'\\'));

    private void Flag(JsonEncodedText name, bool? value)
    {
        if (value is { } b)
        {
            w.WriteBoolean(name, b);
        }
    }

    private void Number(JsonEncodedText name, int? value)
    {
        if (value is { } n)
        {
            w.WriteNumber(name, n);
        }
    }

    private void List(JsonEncodedText name, List<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            Value(v);
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
