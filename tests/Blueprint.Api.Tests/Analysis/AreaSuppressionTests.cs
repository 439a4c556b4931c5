using Blueprint.Api.Analysis;
using Blueprint.Data.Geography;

namespace Blueprint.Api.Tests.Analysis;

/// <summary>
/// Secondary suppression across the area hierarchy (docs/decisions/0025), on hand-made tables of one count
/// per area where every parent is the exact sum of its local authorities (the case where subtraction works).
/// Each case shows a suppressed value cannot be worked out: a second dataset, with the suppressed value
/// changed, publishes exactly the same table.
/// </summary>
public sealed class AreaSuppressionTests
{
    private static readonly AreaCatalog Areas = AreaCatalog.Load(Path.Combine(DataFiles.DefaultRoot(), "data", "areas.json"));
    private const int Threshold = 5;

    private const string Anglesey = "W06000001", Gwynedd = "W06000002", Conwy = "W06000003", Ceredigion = "W06000008",
        Pembrokeshire = "W06000009", Carmarthenshire = "W06000010", Powys = "W06000023", NorthWales = "VR-NW",
        MidAndWestWales = "VR-MWW", HywelDda = "W11000025", PowysBoard = "W11000024", DyfedPowys = "W15000004", Wales = "W92000004";

    /// <summary>One row per area: its count is the sum of its local authorities' (50 each unless given).</summary>
    private static AnalysisTable Table(Dictionary<string, int> localAuthorities)
    {
        int CountOf(Area area) => area.LocalAuthorities.Sum(la => localAuthorities.GetValueOrDefault(la, 50));
        var rows = Areas.All.Select(a => (Area: a, Count: CountOf(a))).ToList();
        var table = AnalysisTable.Of("t", rows,
            (new TableColumn("Round", ColumnKind.Number), r => 0),
            (new TableColumn("AreaCode", ColumnKind.Text), r => r.Area.Code),
            (new TableColumn("Interventions", ColumnKind.Count), r => r.Count));
        return new AnalysisTable { Name = table.Name, Columns = table.Columns, Rows = table.Rows, SliceColumns = ["Round"], AcrossAreas = ["Interventions"] };
    }

    /// <summary>What a "for publication" file would show: each area's count, or [c].</summary>
    private static Dictionary<string, string> Published(Dictionary<string, int> localAuthorities)
    {
        var table = Table(localAuthorities);
        Suppression.Apply(table, Threshold, Areas);
        return Enumerable.Range(0, table.Rows.Count).ToDictionary(
            r => (string)table.Rows[r][1]!,
            r => table.Suppressed.Contains((r, 2)) ? Suppression.Mark : table.Rows[r][2]!.ToString()!);
    }

    [Fact]
    public void A_small_local_authority_hides_the_next_smallest_in_its_region_so_the_region_minus_the_others_gives_nothing_away()
    {
        // North Wales: Anglesey 3, Gwynedd 12, Conwy 20, Denbighshire 15, Flintshire 25, Wrexham 30 = 105 (region,
        // police force area and health board alike); the 16 other authorities 50 each; Wales 905.
        var counts = new Dictionary<string, int>
        {
            [Anglesey] = 3, [Gwynedd] = 12, [Conwy] = 20, ["W06000004"] = 15, ["W06000005"] = 25, ["W06000006"] = 30,
        };

        var published = Published(counts);

        Assert.Equal(Suppression.Mark, published[Anglesey]);   // 3: primary
        Assert.Equal(Suppression.Mark, published[Gwynedd]);    // 12: the next smallest in North Wales, else 105 − 20 − 15 − 25 − 30 = 3
        Assert.Equal("105", published[NorthWales]);
        Assert.Equal("20", published[Conwy]);
        Assert.Equal("905", published[Wales]);
        Assert.Equal(2, published.Values.Count(v => v == Suppression.Mark)); // nothing else needed hiding
        // Anglesey 4 and Gwynedd 11 publish the very same table: 3 cannot be worked out from it.
        Assert.Equal(published, Published(new Dictionary<string, int>(counts) { [Anglesey] = 4, [Gwynedd] = 11 }));
    }

    [Fact]
    public void A_region_minus_a_health_board_inside_it_does_not_give_away_a_small_authority_that_is_a_board_of_its_own()
    {
        // Mid and West Wales = Dyfed-Powys = Hywel Dda (Ceredigion 20, Pembrokeshire 30, Carmarthenshire 40) + Powys (2): 92.
        var counts = new Dictionary<string, int> { [Ceredigion] = 20, [Pembrokeshire] = 30, [Carmarthenshire] = 40, [Powys] = 2 };

        var published = Published(counts);

        Assert.Equal(Suppression.Mark, published[Powys]);       // 2: primary
        Assert.Equal(Suppression.Mark, published[PowysBoard]);  // the same 2: the board is Powys alone
        Assert.Equal(Suppression.Mark, published[HywelDda]);    // else Mid and West Wales 92 − Hywel Dda 90 = 2
        Assert.Equal(Suppression.Mark, published[Ceredigion]); // else 92 − 30 − 40 − 20 = 2 within the region
        Assert.Equal("92", published[MidAndWestWales]);
        Assert.Equal("92", published[DyfedPowys]);
        Assert.Equal("40", published[Carmarthenshire]);
        // Powys 3, Ceredigion 19 (so Hywel Dda 89) publish the very same table.
        Assert.Equal(published, Published(new Dictionary<string, int>(counts) { [Powys] = 3, [Ceredigion] = 19 }));
    }

    [Fact]
    public void Cells_that_no_single_total_gives_away_but_three_together_do_are_found_by_the_audit()
    {
        // x = 2, y = 3, z = 4 (all small) with published pair totals x + y = 5, x + z = 6, y + z = 7:
        // no total has a lone hidden part, yet x = (5 + 6 − 7) / 2.
        static AnalysisTable Pairs(int x, int y, int z)
        {
            var values = new[] { x, y, z, x + y, x + z, y + z };
            var table = AnalysisTable.Of("pairs", values, (new TableColumn("N", ColumnKind.Count), v => v));
            return new AnalysisTable
            {
                Name = table.Name, Columns = table.Columns, Rows = table.Rows,
                Groups = [new([(0, 0), (1, 0)], (3, 0)), new([(0, 0), (2, 0)], (4, 0)), new([(1, 0), (2, 0)], (5, 0))],
            };
        }
        static string[] Shown(AnalysisTable t) =>
            [.. Enumerable.Range(0, t.Rows.Count).Select(r => t.Suppressed.Contains((r, 0)) ? Suppression.Mark : t.Rows[r][0]!.ToString()!)];

        var table = Pairs(2, 3, 4);
        Suppression.Apply(table, Threshold);

        Assert.Equal([Suppression.Mark, Suppression.Mark, Suppression.Mark, Suppression.Mark, "6", "7"], Shown(table));
        // x = 3, y = 4, z = 3 (x + y = 7, hidden) agrees with every published cell: x, y and z are no longer pinned down.
        var other = Pairs(3, 4, 3);
        var shown = Shown(table);
        Assert.All(Enumerable.Range(0, shown.Length).Where(r => shown[r] != Suppression.Mark),
            r => Assert.Equal(shown[r], other.Rows[r][0]!.ToString()));
    }

    [Fact]
    public void Every_kind_of_area_is_split_into_the_finer_areas_that_cover_it_exactly()
    {
        var partitions = Suppression.Partitions(Areas).Select(p => $"{p.Parent}={string.Join('+', p.Children)}").ToList();

        Assert.Contains($"{MidAndWestWales}={PowysBoard}+{HywelDda}", partitions.Select(p => p.Replace($"{HywelDda}+{PowysBoard}", $"{PowysBoard}+{HywelDda}")));
        Assert.Contains($"{DyfedPowys}={MidAndWestWales}", partitions);
        Assert.Contains(partitions, p => p.StartsWith("W15000003=", StringComparison.Ordinal) && p.Split('+').Length == 3); // South Wales Police: three regions
        Assert.Equal(4, partitions.Count(p => p.StartsWith(Wales + "=", StringComparison.Ordinal)));           // Wales by authorities, regions, forces, boards
        Assert.DoesNotContain(partitions, p => p.StartsWith(HywelDda + "=VR", StringComparison.Ordinal));      // no region fits inside Hywel Dda
    }
}
