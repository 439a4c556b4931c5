using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Blueprint.Ingest.Reading;

/// <summary>One row of a table: its number as a spreadsheet shows it (the header is row 1) and its cells; a malformed CSV row has a reason instead.</summary>
public sealed record TableRow(int RowNumber, string[] Cells, string? Problem = null);

/// <summary>A whole small table: its header and its non-blank rows.</summary>
public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<TableRow> Rows);

/// <summary>
/// Reads a small uploaded table (the listings export edited by a provider) from CSV, through the survey
/// reader (<see cref="SurveyFile"/>, <see cref="SurveyCsv"/>: encodings, strict quoting, row numbers), or from
/// .xlsx, the first sheet, with DocumentFormat.OpenXml (decision 0010): shared, inline and number cells, cells
/// placed by their reference, formulas never evaluated (their cached value is read as text).
/// </summary>
public static class TableFile
{
    /// <summary>The most characters one part of a workbook (a sheet, the shared strings) may expand to.</summary>
    public const long MaxCharactersInPart = 64L * 1024 * 1024;

    public static Table Read(Stream stream, long maxBytes, int maxRows)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        if (copy.Length > maxBytes)
        {
            throw new IngestFileException($"The file is larger than {SurveyFile.Size(maxBytes)}.", $"Mae'r ffeil yn fwy na {SurveyFile.Size(maxBytes)}.");
        }
        var bytes = copy.GetBuffer().AsSpan(0, (int)copy.Length);
        copy.Position = 0;
        return bytes.StartsWith("PK\u0003\u0004"u8) ? Xlsx(copy, maxRows) : Csv(copy, maxBytes, maxRows);
    }

    private static Table Csv(MemoryStream stream, long maxBytes, int maxRows)
    {
        var facts = SurveyFile.Inspect(stream, maxBytes);
        stream.Position = 0;
        using var csv = new SurveyCsv(stream, facts.Encoding, ',', leaveOpen: true);
        var header = csv.ReadHeader();
        var rows = new List<TableRow>();
        while (csv.Read(out var row))
        {
            if (row.Kind == RowKind.Blank)
            {
                continue;
            }
            Limit(rows, maxRows);
            rows.Add(row.Kind == RowKind.Malformed
                ? new TableRow(row.RowNumber, [], row.Reason)
                : new TableRow(row.RowNumber, [.. row.Cells]));
        }
        return new Table([.. header], rows);
    }

    private static Table Xlsx(MemoryStream stream, int maxRows)
    {
        try
        {
            return ReadWorkbook(stream, maxRows);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or System.Xml.XmlException or FormatException or InvalidOperationException)
        {
            throw new IngestFileException("The file starts like an .xlsx workbook but cannot be read as one. Save it again from the spreadsheet, as .xlsx or 'CSV UTF-8'.",
                "Mae'r ffeil yn dechrau fel llyfr gwaith .xlsx ond ni ellir ei darllen fel un. Cadwch hi eto o'r daenlen, fel .xlsx neu 'CSV UTF-8'.");
        }
    }

    private static Table ReadWorkbook(MemoryStream stream, int maxRows)
    {
        // A workbook is a zip: cap what one part may expand to, so a small upload cannot unpack into gigabytes.
        using (var document = SpreadsheetDocument.Open(stream, isEditable: false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart }))
        {
            var workbook = document.WorkbookPart ?? throw new IngestFileException("The workbook has no sheets.", "Nid oes taflenni yn y llyfr gwaith.");
            var first = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new IngestFileException("The workbook has no sheets.", "Nid oes taflenni yn y llyfr gwaith.");
            if (first.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart sheet)
            {
                throw new IngestFileException("The workbook's first sheet cannot be read.", "Ni ellir darllen taflen gyntaf y llyfr gwaith.");
            }
            var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            string[]? header = null;
            var rows = new List<TableRow>();
            var next = 1;
            foreach (var row in sheet.Worksheet.Descendants<Row>())
            {
                var number = row.RowIndex?.Value is { } r ? (int)r : next;
                next = number + 1;
                var cells = new List<string>();
                var position = 0;
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnOf(reference) : position;
                    while (cells.Count < column)
                    {
                        cells.Add("");
                    }
                    if (cells.Count == column)
                    {
                        cells.Add(Text(cell, shared));
                    }
                    position = column + 1;
                }
                if (header is null)
                {
                    if (cells.Count > SurveyCsv.MaxColumns)
                    {
                        throw new IngestFileException($"The sheet has more than {SurveyCsv.MaxColumns:N0} columns.", $"Mae gan y daflen fwy na {SurveyCsv.MaxColumns:N0} colofn.");
                    }
                    header = [.. cells];
                    continue;
                }
                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }
                Limit(rows, maxRows);
                while (cells.Count < header.Length)
                {
                    cells.Add("");
                }
                rows.Add(new TableRow(number, [.. cells]));
            }
            if (header is null || header.All(string.IsNullOrWhiteSpace))
            {
                throw new IngestFileException("The sheet has no header row: the first row must name the columns.",
                    "Nid oes rhes pennawd yn y daflen: rhaid i'r rhes gyntaf enwi'r colofnau.");
            }
            return new Table(header, rows);
        }
    }

    private static void Limit(List<TableRow> rows, int maxRows)
    {
        if (rows.Count >= maxRows)
        {
            throw new IngestFileException($"The file has more than {maxRows:N0} rows; upload at most {maxRows:N0} at a time.",
                $"Mae gan y ffeil fwy na {maxRows:N0} rhes; llwythwch {maxRows:N0} ar y mwyaf i fyny ar y tro.");
        }
    }

    /// <summary>A cell's text: a shared or inline string, a boolean as yes/no, otherwise its value as written (a number, a formula's cached result).</summary>
    private static string Text(Cell cell, List<string> shared)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }
        var value = cell.CellValue?.Text ?? "";
        if (type == CellValues.SharedString)
        {
            return int.TryParse(value, out var i) && i >= 0 && i < shared.Count ? shared[i] : "";
        }
        if (type == CellValues.Boolean)
        {
            return value == "1" ? "yes" : "no";
        }
        return value;
    }

    /// <summary>The zero-based column of a reference such as "C12".</summary>
    private static int ColumnOf(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }
            column = column * 26 + (c - 'A' + 1);
        }
        return Math.Max(0, column - 1);
    }
}
