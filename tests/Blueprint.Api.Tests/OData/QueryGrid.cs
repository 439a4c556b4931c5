using Blueprint.Api.Imports;
using Blueprint.Api.OData;
using Microsoft.OData.Edm;

namespace Blueprint.Api.Tests.OData;

/// <summary>A route that answers OData queries, the entity type it returns, and who may call it.</summary>
internal sealed record QueryRoute(string Path, IEdmEntityType Type, string? Role, bool IsCollection = true)
{
    public override string ToString() => Path;
}

/// <summary>
/// The hostile queries of issue 8, generated per class from each route's EDM type: every option sent
/// twice or with and without '$', division by zero, functions on nullable strings, $expand shapes
/// (depth, paging, counts, ordering inside expansions), and forged skip tokens.
/// </summary>
internal static class QueryGrid
{
    public static readonly IEdmModel Directory = DirectoryModel.Build();
    public static readonly IEdmModel Survey = SurveyModel.Build();

    public static IEdmEntityType TypeOf(IEdmModel model, string set) => model.EntityContainer.FindEntitySet(set).EntityType;

    public static IEnumerable<string> Queries(IEdmEntityType type, bool isCollection)
    {
        var key = type.Key().First().Name;
        var strings = type.StructuralProperties().Where(p => p.Type.IsString()).Select(p => p.Name).ToList();
        var nullable = type.StructuralProperties().Where(p => p.Type.IsString() && p.Type.IsNullable).Select(p => p.Name).DefaultIfEmpty(strings[0]).First();
        var number = type.StructuralProperties().Where(p => p.Type.IsInt32() || p.Type.IsInt64() || p.Type.IsDouble())
            .Select(p => p.Name).DefaultIfEmpty($"length({strings[0]})").First();

        // The same option twice, in one spelling or two.
        yield return $"$filter={nullable} eq 'a'&filter={nullable} eq 'b'";
        yield return $"$orderby={key}&orderby={key} desc";
        yield return $"$select={key}&$select={strings[0]}";
        yield return $"$top=1&top=2";
        yield return $"skip=1&$SKIP=2";
        yield return $"$expand=*&expand=*";
        // Dollar-less and upper-case spellings alone: the same options.
        yield return $"filter={nullable} ne null&orderby={strings[0]}&top=3&select={key},{strings[0]}";
        yield return $"$FILTER=startswith({nullable},'a')&$Top=2";
        // Division by zero, in $filter and $orderby, with and without $select.
        yield return $"$filter={number} div 0 eq 1";
        yield return $"$filter={number} mod 0 eq 0";
        yield return $"$orderby={number} div 0";
        yield return $"$orderby={number} mod 0 desc&$select={key}";
        yield return $"$orderby={number} div 0,{key} desc&$top=3";
        // String functions on a nullable string.
        yield return $"$filter=startswith({nullable},'R')";
        yield return $"$filter=tolower({nullable}) eq 'x' or length({nullable}) gt 3";
        yield return $"$filter=substring({nullable},1) eq 'x'";
        yield return $"$filter=indexof({nullable},'a') eq 1";
        yield return $"$filter=concat({nullable},'x') eq 'x'";
        yield return $"$orderby=length({nullable})";
        yield return $"$orderby=toupper({nullable}) desc&$select={strings[0]}";
        yield return $"$orderby=trim({nullable}),{number} div 0";
        // Forged or mangled skip tokens.
        yield return $"$skiptoken=Id-1";
        yield return $"$skiptoken=k1.not-base64!";
        yield return $"$skiptoken=k1.WyJhLWIiLDFd&$orderby={strings[0]}";
        yield return $"skiptoken=null,Id-100&$orderby=length({nullable})";
        // $expand shapes: paged, ordered, counted, nested to the depth limit with paging at the leaf.
        foreach (var expand in Expansions(type))
        {
            yield return "$expand=" + expand;
        }
        if (!isCollection)
        {
            yield return $"$select={key}&$expand=*";
        }
    }

    private static IEnumerable<string> Expansions(IEdmEntityType type)
    {
        yield return "*";
        foreach (var nav in type.NavigationProperties())
        {
            var target = nav.ToEntityType();
            var targetString = target.StructuralProperties().Where(p => p.Type.IsString()).Select(p => p.Name).First();
            yield return $"{nav.Name}($top=1)";
            yield return $"{nav.Name}($orderby=length({targetString}) desc;$skip=1;$top=1)";
            yield return $"{nav.Name}($count=true;$filter=length({targetString}) div 0 eq 1)";
            foreach (var inner in target.NavigationProperties())
            {
                var leaf = inner.ToEntityType().NavigationProperties().FirstOrDefault();
                yield return leaf is null
                    ? $"{nav.Name}($expand={inner.Name}($top=1))"
                    : $"{nav.Name}($expand={inner.Name}($expand={leaf.Name}($top=1;$orderby={leaf.ToEntityType().Key().First().Name} desc)))";
            }
        }
    }
}
