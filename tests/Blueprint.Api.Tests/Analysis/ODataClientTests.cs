using System.Xml;
using Blueprint.Api.Auth;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;

namespace Blueprint.Api.Tests.Analysis;

/// <summary>
/// Reads the analysis sets as Excel or Power BI would: the model from $metadata, then each page with
/// Microsoft.OData.Core's ODataMessageReader, following @odata.nextLink to the end.
/// </summary>
public sealed class ODataClientTests(AnalysisApp app) : IClassFixture<AnalysisApp>
{
    private const string Feed = "/odata/survey/analysis/";

    [Fact]
    public async Task An_OData_client_reads_every_provision_row_across_pages_with_the_hand_counted_figures()
    {
        using var client = app.ClientAs(Roles.Analyst);
        var model = await ModelAsync(client);

        var (rows, pages) = await ReadAllAsync(client, model, "ProvisionByArea", Feed + "ProvisionByArea");

        // 40 areas (22 + 6 + 4 + 7 + Wales) × (the total + 53 facet values, "not stated" included for gender and format), in pages of 1,000.
        Assert.True(40 * 54 == rows.Count, $"{rows.Count} rows in {pages} pages");
        Assert.Equal(3, pages);
        Assert.Equal(rows.Count, rows.Select(r => $"{r["AreaCode"]}|{r["Facet"]}|{r["Value"]}").Distinct().Count());
        var cardiff = rows.Single(r => (string)r["AreaCode"]! == Fixed.Cardiff && (string)r["Facet"]! == "total");
        Assert.Equal(3, cardiff["Interventions"]);
        Assert.Equal(1, cardiff["AllWalesInterventions"]);
        var welsh = rows.Single(r => (string)r["AreaCode"]! == Fixed.Gwynedd && (string)r["Facet"]! == "language" && (string)r["Value"]! == "cy");
        Assert.Equal(2, welsh["Interventions"]); // D and the all-Wales C
    }

    [Fact]
    public async Task An_OData_client_reads_a_filtered_ordered_selection()
    {
        using var client = app.ClientAs(Roles.Analyst);
        var model = await ModelAsync(client);

        var (rows, _) = await ReadAllAsync(client, model, "Access",
            Feed + "Access?$filter=Round eq 0 and AreaKind eq 'local-authority'&$orderby=Interventions desc,AreaCode&$select=AreaCode,Interventions&$top=3");

        Assert.Equal([Fixed.Cardiff, Fixed.Gwynedd, Fixed.Vale], rows.Select(r => (string)r["AreaCode"]!));
        Assert.Equal([3, 2, 2], rows.Select(r => (int)r["Interventions"]!));
    }

    private static async Task<IEdmModel> ModelAsync(HttpClient client)
    {
        using var reader = XmlReader.Create(new StringReader(await client.GetStringAsync(Feed + "$metadata")));
        return CsdlReader.Parse(reader);
    }

    private static async Task<(List<Dictionary<string, object?>> Rows, int Pages)> ReadAllAsync(HttpClient client, IEdmModel model, string set, string url)
    {
        var entitySet = model.EntityContainer.FindEntitySet(set);
        var rows = new List<Dictionary<string, object?>>();
        var pages = 0;
        for (Uri? next = new(url, UriKind.Relative); next is not null; pages++)
        {
            using var response = await client.GetAsync(next);
            response.EnsureSuccessStatusCode();
            var message = new ResponseMessage(await response.Content.ReadAsStreamAsync(), response.Content.Headers.ContentType!.ToString());
            using var reader = new ODataMessageReader((IODataResponseMessage)message, new ODataMessageReaderSettings(), model);
            var resources = reader.CreateODataResourceSetReader(entitySet, entitySet.EntityType);
            next = null;
            while (resources.Read())
            {
                if (resources.State == ODataReaderState.ResourceEnd && resources.Item is ODataResource resource)
                {
                    rows.Add(resource.Properties.OfType<ODataProperty>().ToDictionary(p => p.Name, p => (object?)p.Value));
                }
                else if (resources.State == ODataReaderState.ResourceSetEnd && resources.Item is ODataResourceSet { NextPageLink: { } link })
                {
                    next = link;
                }
            }
        }
        return (rows, pages);
    }

    private sealed class ResponseMessage(Stream body, string contentType) : IODataResponseMessage
    {
        private readonly Dictionary<string, string> headers = new(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = contentType, ["OData-Version"] = "4.0" };

        public IEnumerable<KeyValuePair<string, string>> Headers => headers;
        public int StatusCode { get; set; } = 200;
        public string GetHeader(string headerName) => headers.GetValueOrDefault(headerName)!;
        public void SetHeader(string headerName, string headerValue) => headers[headerName] = headerValue;
        public Stream GetStream() => body;
    }
}
