using System.Linq.Expressions;
using Blueprint.Data.Directory;
using Blueprint.Data.Vocabularies;

namespace Blueprint.Api.OpenReferral;

/// <summary>
/// The directory's vocabularies as ORUK taxonomies: one taxonomy per vocabulary, one term per code and
/// language (English and Welsh, <c>language</c> "en" / "cy"), and which field of a listing each one classifies.
/// Internal vocabularies (status, venue visibility, record source) are not published.
/// </summary>
public sealed class OrukTaxonomies
{
    /// <summary>The languages every term is published in.</summary>
    public static readonly string[] TermLanguages = ["en", "cy"];

    /// <summary>The vocabularies that classify a service (through its attributes), with the SQL test "has this code".</summary>
    private static readonly Dictionary<string, (Func<Intervention, IEnumerable<string>> Codes, Func<string, Expression<Func<Intervention, bool>>> Has)> ServiceFields = new()
    {
        ["purpose"] = (i => i.Purposes, c => i => i.Purposes.Contains(c)),
        ["vawdasv-form"] = (i => i.Forms, c => i => i.Forms.Contains(c)),
        ["setting"] = (i => i.Settings, c => i => i.Settings.Contains(c)),
        ["stage"] = (i => i.Stages, c => i => i.Stages.Contains(c)),
        ["gender"] = (i => i.Gender is null ? [] : [i.Gender], c => i => i.Gender == c),
        ["age-band"] = (i => i.AgeBands, c => i => i.AgeBands.Contains(c)),
        ["cohort-group"] = (i => i.CohortGroups, c => i => i.CohortGroups.Contains(c)),
        ["risk-level"] = (i => i.RiskLevels, c => i => i.RiskLevels.Contains(c)),
        ["referral-route"] = (i => i.ReferralRoutes, c => i => i.ReferralRoutes.Contains(c)),
        ["format"] = (i => i.Format is null ? [] : [i.Format], c => i => i.Format == c),
        ["language"] = (i => i.Languages, c => i => i.Languages.Contains(c)),
        ["accreditation"] = (i => i.Accreditations, c => i => i.Accreditations.Contains(c)),
        ["funding-source"] = (i => i.FundingSources, c => i => i.FundingSources.Contains(c)),
        ["evaluation"] = (i => i.Evaluation is null ? [] : [i.Evaluation], c => i => i.Evaluation == c),
    };

    /// <summary>The vocabulary that classifies an organisation.</summary>
    public const string OrganisationType = "organisation-type";

    private readonly Dictionary<Guid, OrukTaxonomy> taxonomies = [];
    private readonly Dictionary<Guid, (OrukTaxonomyTerm Term, string Vocabulary, string Code)> terms = [];
    private readonly Dictionary<(string Vocabulary, string Code), VocabularyTerm> labels = [];

    public OrukTaxonomies(VocabularyCatalog catalog)
    {
        foreach (var (vocabulary, name) in catalog.Names)
        {
            if (vocabulary != OrganisationType && !ServiceFields.ContainsKey(vocabulary))
            {
                continue;
            }
            var taxonomyId = OrukIds.Taxonomy(vocabulary);
            var list = new List<OrukTaxonomyTerm>();
            foreach (var t in catalog[vocabulary])
            {
                labels[(vocabulary, t.Code)] = t;
                foreach (var language in TermLanguages)
                {
                    var (label, of) = language == "cy" ? (t.LabelCy, name.Cy) : (t.LabelEn, name.En);
                    var term = new OrukTaxonomyTerm(OrukIds.Term(vocabulary, t.Code, language), label, $"{label} ({of})",
                        vocabulary, taxonomyId, t.Code, language);
                    list.Add(term);
                    terms[term.Id] = (term, vocabulary, t.Code);
                }
            }
            taxonomies[taxonomyId] = new OrukTaxonomy(taxonomyId, name.En,
                $"{name.En} / {name.Cy}: Blueprint vocabulary '{vocabulary}', each term in English (en) and Welsh (cy).", "1", list);
        }
    }

    public IReadOnlyCollection<OrukTaxonomy> All => taxonomies.Values;

    public IEnumerable<OrukTaxonomyTerm> Terms => taxonomies.Values.SelectMany(t => t.TaxonomyTerms!);

    public OrukTaxonomy? Taxonomy(Guid id) => taxonomies.GetValueOrDefault(id);

    public OrukTaxonomyTerm? Term(Guid id) => terms.TryGetValue(id, out var t) ? t.Term : null;

    /// <summary>English label of a code (the code itself when the vocabulary does not know it).</summary>
    public string Label(string vocabulary, string code) => labels.TryGetValue((vocabulary, code), out var t) ? t.LabelEn : code;

    /// <summary>"Services classified by this term": null when the term classifies no service (an organisation type).</summary>
    public Expression<Func<Intervention, bool>>? ServicesWithTerm(Guid termId) =>
        terms.TryGetValue(termId, out var t) && ServiceFields.TryGetValue(t.Vocabulary, out var field) ? field.Has(t.Code) : null;

    /// <summary>"Services with any term of this taxonomy": null when it classifies no service.</summary>
    public Expression<Func<Intervention, bool>>? ServicesWithTaxonomy(Guid taxonomyId)
    {
        if (!taxonomies.TryGetValue(taxonomyId, out var taxonomy) || !ServiceFields.ContainsKey(taxonomy.TaxonomyTerms![0].Taxonomy))
        {
            return null;
        }
        var vocabulary = taxonomy.TaxonomyTerms![0].Taxonomy;
        Expression<Func<Intervention, bool>>? any = null;
        foreach (var code in taxonomy.TaxonomyTerms.Select(t => t.Term).Distinct())
        {
            var has = ServiceFields[vocabulary].Has(code);
            any = any is null ? has : Or(any, has);
        }
        return any;
    }

    /// <summary>The attributes that link a service to its terms, in both languages.</summary>
    public List<OrukAttribute> AttributesOf(Intervention i, Guid serviceId, bool nested)
    {
        var list = new List<OrukAttribute>();
        foreach (var (vocabulary, field) in ServiceFields)
        {
            foreach (var code in field.Codes(i))
            {
                AddAttributes(list, serviceId, "service", vocabulary, code, nested);
            }
        }
        return list;
    }

    public List<OrukAttribute> AttributesOf(Organisation o, Guid organisationId, bool nested)
    {
        var list = new List<OrukAttribute>();
        AddAttributes(list, organisationId, "organization", OrganisationType, o.Type, nested);
        return list;
    }

    private void AddAttributes(List<OrukAttribute> list, Guid linkId, string linkType, string vocabulary, string code, bool nested)
    {
        foreach (var language in TermLanguages)
        {
            var termId = OrukIds.Term(vocabulary, code, language);
            if (terms.TryGetValue(termId, out var term))
            {
                list.Add(new OrukAttribute(OrukIds.Attribute(linkId, termId), linkId, linkType, termId, nested ? term.Term : null));
            }
        }
    }

    private static Expression<Func<Intervention, bool>> Or(Expression<Func<Intervention, bool>> a, Expression<Func<Intervention, bool>> b)
    {
        var body = new Replace(b.Parameters[0], a.Parameters[0]).Visit(b.Body);
        return Expression.Lambda<Func<Intervention, bool>>(Expression.OrElse(a.Body, body), a.Parameters[0]);
    }

    private sealed class Replace(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
