import KPIReportCore

/// Writes a `Workbook` (the layout as data) to an .xlsx file with libxlsxwriter.
public enum XLSXWriter {
    /// The font every cell uses (SPEC §3).
    public static let fontName = "TH Sarabun New"
    /// Its size in points.
    public static let fontSize = 16.0

    /// Writes `workbook` to `path`, replacing nothing: the caller writes to a temporary name and
    /// renames (see `AtomicFile`).
    public static func write(_ workbook: Workbook, to path: String) throws(XLSXError) {
        let out = try LXWWorkbook(path: path, fontName: fontName, fontSize: fontSize)
        try out.setProperties(workbook.properties)
        for sheet in workbook.sheets {
            let ws = try out.addWorksheet(sheet.name)
            try out.layout(ws, sheet)
            for range in sheet.merges {
                try out.merge(ws, range, style: sheet[range.first]?.style ?? CellStyle(), sheet: sheet.name)
            }
            for (address, cell) in sheet.cells {
                try out.write(ws, address, cell, sheet: sheet.name)
            }
            for rule in sheet.conditionalFormats { try out.conditional(ws, rule, sheet: sheet.name) }
            for chart in sheet.charts { try out.chart(ws, chart, sheet: sheet.name) }
        }
        for name in workbook.names { try out.defineName(name) }
        try out.close()
    }
}
