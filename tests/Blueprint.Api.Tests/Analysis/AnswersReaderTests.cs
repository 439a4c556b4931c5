using System.Text;
using System.Text.Json;
using Blueprint.Api.Analysis;
using Blueprint.Ingest.Normalising;

namespace Blueprint.Api.Tests.Analysis;

/// <summary>
/// A round's answers are read straight from their UTF-8 JSON (bench/README.md, analysis): they must read as
/// the web-default serializer read them before, for what the ingest writes and for looser JSON alike.
/// </summary>
public sealed class AnswersReaderTests
{
    public static TheoryData<string> Documents() =>
    [
        // As the ingest writes it: camelCase, nulls and empty lists left out, venues and other answers to skip.
        """{"responseId":"R1","organisationName":"Cymorth Cymru","interventionName":"Rhaglen \u00e2 \"dyfyniad\"","description":"Long text, with [brackets] and {braces}","purposes":["behaviour-change","manage-risk"],"localAuthorities":["W06000015","W06000014"],"venues":[{"name":"Hall","lines":["1 Street"],"postcode":"CF10 1AA"}],"gender":"men","ageBands":["18-24"],"format":"group","languages":["en","cy"],"placesPerYear":40,"waitingTimeWeeks":4,"accreditations":["respect"],"fundingSources":["pcc","home-office"],"fundingEnds":"2027-03-31","fundingStatus":"fixed-term","evaluation":"independent","otherAnswers":{"purposes":["x"]}}""",
        // All Wales: the authorities listed are not kept.
        """{"allWales":true,"localAuthorities":["W06000001","W06000002"],"purposes":["prevent-first-instance"],"gender":"all"}""",
        // Other casing, numbers as strings, explicit nulls, a repeated property (the last wins).
        """{"Purposes":["a"],"PLACESPERYEAR":"12","WaitingTimeWeeks":null,"gender":null,"Format":"online","format":"one-to-one","fundingEnds":null,"stages":[]}""",
        "null",
        "{}",
    ];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Answers_read_as_the_serializer_read_them(string json)
    {
        var expected = JsonSerializer.Deserialize<NormalisedResponse>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? new NormalisedResponse();

        var item = AnswersReader.Read(7, Encoding.UTF8.GetBytes(json), new AnswersReader.Interner());

        Assert.Equal(7, item.Id);
        Assert.Equal(expected.AllWales, item.AllWales);
        Assert.Equal(expected.AllWales ? new List<string>() : expected.LocalAuthorities, item.LocalAuthorities);
        Assert.Equal(expected.OrganisationName, item.OrganisationName);
        Assert.Equal(expected.InterventionName, item.InterventionName);
        Assert.Equal(expected.Purposes, item.Purposes);
        Assert.Equal(expected.Forms, item.Forms);
        Assert.Equal(expected.Settings, item.Settings);
        Assert.Equal(expected.Stages, item.Stages);
        Assert.Equal(expected.Gender, item.Gender);
        Assert.Equal(expected.AgeBands, item.AgeBands);
        Assert.Equal(expected.CohortGroups, item.CohortGroups);
        Assert.Equal(expected.RiskLevels, item.RiskLevels);
        Assert.Equal(expected.ReferralRoutes, item.ReferralRoutes);
        Assert.Equal(expected.Format, item.Format);
        Assert.Equal(expected.Languages, item.Languages);
        Assert.Equal(expected.PlacesPerYear, item.PlacesPerYear);
        Assert.Equal(expected.WaitingTimeWeeks, item.WaitingTimeWeeks);
        Assert.Equal(expected.Accreditations, item.Accreditations);
        Assert.Equal(expected.FundingSources, item.FundingSources);
        Assert.Equal(expected.FundingEnds, item.FundingEnds);
        Assert.Equal(expected.FundingStatus, item.FundingStatus);
        Assert.Equal(expected.Evaluation, item.Evaluation);
    }

    [Fact]
    public void A_code_that_repeats_across_responses_is_one_string()
    {
        var strings = new AnswersReader.Interner();
        var first = AnswersReader.Read(1, """{"purposes":["behaviour-change"]}"""u8, strings);
        var second = AnswersReader.Read(2, """{"purposes":["behaviour-change"]}"""u8, strings);

        Assert.Same(first.Purposes[0], second.Purposes[0]);
    }

    [Fact]
    public void Answers_that_are_not_an_object_are_refused_as_the_serializer_refused_them()
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<NormalisedResponse>("[1]", new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        Assert.ThrowsAny<JsonException>(() => AnswersReader.Read(1, "[1]"u8, new AnswersReader.Interner()));
    }
}
