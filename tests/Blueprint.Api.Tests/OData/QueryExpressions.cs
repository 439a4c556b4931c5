using CsCheck;
using Microsoft.OData.Edm;

namespace Blueprint.Api.Tests.OData;

/// <summary>
/// Random <c>$filter</c> and <c>$orderby</c> expressions over an EDM entity type's own properties:
/// comparisons, arithmetic (division and modulo by zero often), string and date functions (on nullable
/// strings too), literals of each type, nulls, and any/all over primitive and navigation collections,
/// nested up to <paramref name="lambdaDepth"/>.
/// </summary>
internal sealed class QueryExpressions(IEdmEntityType type, int lambdaDepth)
{
    public Gen<string> Filter => Bool(new Scope(type, "", 0), 2);

    public Gen<string> OrderBy =>
        Gen.Select(Gen.OneOf(Str(new Scope(type, "", 0), 1), Num(new Scope(type, "", 0), 1), Dates(new Scope(type, "", 0))),
            Gen.OneOfConst("", " desc")).Select((e, d) => e + d).Array[1, 3].Select(items => string.Join(",", items));

    /// <summary>Where an expression is written: the type in scope and the path prefix of its properties (<c>v/</c> inside a lambda).</summary>
    private sealed record Scope(IEdmStructuredType Type, string Prefix, int Lambdas)
    {
        public string[] Props(Func<IEdmTypeReference, bool> kind) =>
            Type.StructuralProperties().Where(p => kind(p.Type)).Select(p => Prefix + p.Name).ToArray();
    }

    private static readonly Gen<string> StringLiteral = Gen.OneOfConst("'a'", "'Cardiff'", "''", "'a-b'", "'O''Neil'", "'ŵ'", "'%'", "'_x_'");
    private static readonly Gen<string> NumberLiteral = Gen.FrequencyConst((3, "0"), (2, "1"), (1, "-1"), (1, "2147483647"), (1, "1.5"));

    private Gen<string> Str(Scope s, int depth)
    {
        var leaves = new List<Gen<string>> { StringLiteral };
        if (s.Props(t => t.IsString()) is { Length: > 0 } props)
        {
            leaves.Add(Gen.OneOfConst(props));
        }
        var leaf = Gen.OneOf([.. leaves]);
        if (depth == 0)
        {
            return leaf;
        }
        var inner = Str(s, depth - 1);
        return Gen.Frequency(
            (4, leaf),
            (1, inner.Select(x => $"tolower({x})")),
            (1, inner.Select(x => $"trim({x})")),
            (1, Gen.Select(inner, Num(s, 0)).Select((x, n) => $"substring({x},{n})")),
            (1, Gen.Select(inner, inner).Select((a, b) => $"concat({a},{b})")));
    }

    private Gen<string> Num(Scope s, int depth)
    {
        var leaves = new List<Gen<string>> { NumberLiteral };
        if (s.Props(t => t.IsInt32() || t.IsInt64() || t.IsDouble()) is { Length: > 0 } props)
        {
            leaves.Add(Gen.OneOfConst(props));
        }
        var leaf = Gen.OneOf([.. leaves]);
        if (depth == 0)
        {
            return leaf;
        }
        var inner = Num(s, depth - 1);
        var text = Str(s, depth - 1);
        var dates = Dates(s);
        return Gen.Frequency(
            (3, leaf),
            (2, Gen.Select(inner, Gen.OneOfConst("add", "sub", "mul", "div", "mod"), Gen.OneOf(inner, Gen.Const("0")))
                .Select((a, op, b) => $"({a} {op} {b})")),
            (1, text.Select(x => $"length({x})")),
            (1, Gen.Select(text, text).Select((a, b) => $"indexof({a},{b})")),
            (1, dates.Select(d => $"year({d})")));
    }

    private Gen<string> Dates(Scope s)
    {
        var props = s.Props(t => t.IsDate() || t.IsDateTimeOffset());
        return props.Length > 0 ? Gen.OneOfConst(props) : Gen.Const("2026-01-01");
    }

    private Gen<string> Bool(Scope s, int depth)
    {
        var num = Num(s, depth);
        var text = Str(s, depth);
        var comparisons = new List<(int, IGen<string>)>
        {
            (3, Gen.Select(num, Gen.OneOfConst("eq", "ne", "gt", "ge", "lt", "le"), num).Select((a, op, b) => $"{a} {op} {b}")),
            (3, Gen.Select(text, Gen.OneOfConst("eq", "ne", "gt", "lt"), Gen.OneOf(text, Gen.Const("null"))).Select((a, op, b) => $"{a} {op} {b}")),
            (2, Gen.Select(Gen.OneOfConst("startswith", "endswith", "contains"), text, text).Select((f, a, b) => $"{f}({a},{b})")),
        };
        if (s.Props(t => t.IsDate()) is { Length: > 0 } dates)
        {
            comparisons.Add((1, Gen.Select(Gen.OneOfConst(dates), Gen.OneOfConst("eq null", "lt 2026-01-01", "ne 2025-12-31")).Select((d, c) => $"{d} {c}")));
        }
        if (s.Props(t => t.IsBoolean()) is { Length: > 0 } flags)
        {
            comparisons.Add((1, Gen.Select(Gen.OneOfConst(flags), Gen.OneOfConst("", " eq null", " eq false")).Select((f, c) => f + c)));
        }
        if (s.Lambdas < lambdaDepth)
        {
            comparisons.AddRange(Lambdas(s));
        }
        var leaf = Gen.Frequency([.. comparisons]);
        if (depth == 0)
        {
            return leaf;
        }
        var inner = Bool(s, depth - 1);
        return Gen.Frequency(
            (4, leaf),
            (1, inner.Select(x => $"not ({x})")),
            (2, Gen.Select(inner, Gen.OneOfConst("and", "or"), inner).Select((a, op, b) => $"({a}) {op} ({b})")));
    }

    /// <summary>any/all over the scope's collections: primitive ones (<c>Languages/any(x:x eq 'cy')</c>) and navigations.</summary>
    private IEnumerable<(int, IGen<string>)> Lambdas(Scope s)
    {
        var variable = "x" + s.Lambdas;
        foreach (var collection in s.Type.StructuralProperties().Where(p => p.Type.IsCollection()))
        {
            var name = s.Prefix + collection.Name;
            yield return (1, Gen.Select(Gen.OneOfConst("any", "all"), StringLiteral, Gen.OneOfConst("eq", "ne", "gt"))
                .Select((q, lit, op) => $"{name}/{q}({variable}:{variable} {op} {lit})"));
        }
        if (s.Type is IEdmEntityType entity)
        {
            foreach (var nav in entity.NavigationProperties().Where(n => n.Type.IsCollection()))
            {
                var inside = new Scope(nav.ToEntityType(), variable + "/", s.Lambdas + 1);
                var body = Bool(inside, 0);
                yield return (1, Gen.Select(Gen.OneOfConst("any", "all"), body).Select((q, b) => $"{s.Prefix}{nav.Name}/{q}({variable}:{b})"));
            }
        }
    }
}
