import CXlsxWriter
import KPIReportCore

/// Writes a workbook (the layout as data) to an .xlsx file with libxlsxwriter. Every call into
/// libxlsxwriter is in this file; each status code becomes an `IOFailure` with the library's own message
/// the moment it is returned, and what the library would refuse is checked before the call.
public enum XLSXWriter {
    /// The font every cell uses (SPEC §3).
    public static let fontName = "TH Sarabun New"
    /// Its size in points.
    public static let fontSize = 16.0

    /// A workbook of more cells than this is written in libxlsxwriter's constant-memory mode: each row
    /// goes to disk when the next begins, instead of every cell being held until the end (a ministry's
    /// department overview has a row per unit). Smaller workbooks are faster the usual way.
    public static let constantMemoryCells = 100_000

    /// Writes `book` to `path` (a new file: the caller writes into a staging folder). libxlsxwriter
    /// writes the parts into temporary files in `scratch`, when given, else in its own choice (`TMPDIR`,
    /// else `/tmp`).
    public static func write(_ book: Workbook, to path: String, scratch: ScratchFolder? = nil) throws(IOFailure) {
        // The cells' places bound their number: they are counted only when the places pass the mark.
        let places = book.sheets.reduce(0) { total, sheet in total + sheet.rows.reduce(0) { $0 + $1.count } }
        let out = try LXWWorkbook(path: path, constantMemory: places > constantMemoryCells && book.cellCount > constantMemoryCells,
                                  scratch: scratch?.path)
        try out.write(book)
        try out.close()
    }
}

/// The one owner of a libxlsxwriter workbook handle; closing it (which writes the file) frees it.
final class LXWWorkbook {
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private let path: String
    private var formats: [UnsafeMutablePointer<lxw_format>] = []

    init(path: String, constantMemory: Bool, scratch: String?) throws(IOFailure) {
        self.path = path
        // libxlsxwriter keeps a copy of the tmpdir it is given (and frees it with the workbook).
        func start(_ tmpdir: UnsafePointer<CChar>?) -> UnsafeMutablePointer<lxw_workbook>? {
            var options = lxw_workbook_options(constant_memory: constantMemory ? 1 : 0, tmpdir: UnsafeMutablePointer(mutating: tmpdir),
                                               use_zip64: 1)
            return workbook_new_opt(path, &options)
        }
        handle = if let scratch { scratch.withCString(start) } else { start(nil) }
        guard let wb = handle else { throw IOFailure(.output, "create", path: path, "libxlsxwriter could not start a workbook") }
        // The workbook's Normal style (its first format) in the sheets' own font: column widths are
        // counted in the Normal font's digits, so Excel (TH Sarabun New) and LibreOffice (Laksaman, the
        // same metrics) size columns alike; with Calibri, a machine without it sizes them differently.
        if let normal = wb.pointee.formats.pointee.stqh_first {
            format_set_font_name(normal, XLSXWriter.fontName)
            format_set_font_size(normal, XLSXWriter.fontSize)
        }
    }

    deinit {
        // A workbook never closed (an error part-way) still owns memory: closing frees it; the partial
        // file lies in a staging folder that is discarded.
        if let handle { _ = workbook_close(handle) }
    }

    private func check(_ status: lxw_error, _ operation: @autoclosure () -> String) throws(IOFailure) {
        guard status == LXW_NO_ERROR else {
            throw IOFailure(.output, operation(), path: path, String(cString: lxw_strerror(status)))
        }
    }

    private func workbook() throws(IOFailure) -> UnsafeMutablePointer<lxw_workbook> {
        guard let handle else { throw IOFailure(.output, "write", path: path, "the workbook is already closed") }
        return handle
    }

    func write(_ book: Workbook) throws(IOFailure) {
        let wb = try workbook()
        try setProperties(book.properties)
        for style in book.styles { formats.append(try format(style, thaiDigits: book.thaiDigits)) }
        let names = book.sheetNames
        var handles: [Int: UnsafeMutablePointer<lxw_worksheet>] = [:]
        for id in book.tabOrder {
            let sheet = book.sheet(id)
            try check(workbook_validate_sheet_name(wb, sheet.name), "sheet name \"\(sheet.name)\"")
            guard let ws = workbook_add_worksheet(wb, sheet.name) else {
                throw IOFailure(.output, "add sheet \"\(sheet.name)\"", path: path, "libxlsxwriter refused the sheet")
            }
            handles[id.index] = ws
        }
        for id in book.tabOrder {
            guard let ws = handles[id.index] else { continue }
            let sheet = book.sheet(id)
            try layout(ws, sheet)
            // The model holds every cell of a merged range (the first with the content, the others styled
            // blanks): the range is only recorded here, and rows are written in order, each with its height.
            for range in sheet.merges {
                try check(kpi_worksheet_add_merged_range(ws, lxw_row_t(range.first.row), lxw_col_t(range.first.column),
                                                         lxw_row_t(range.last.row), lxw_col_t(range.last.column)),
                          "merge cells in \(sheet.name)")
            }
            // The sheet's cells and formula text, and the formats, taken once for the whole sheet.
            let rows = sheet.rows, formulaText = sheet.formulaText, formats = self.formats
            for r in 0..<sheet.rowCount {
                let height = sheet.height(row: r)
                if height != sheet.defaultRowHeight {
                    try check(worksheet_set_row(ws, lxw_row_t(r), height, nil), "set row heights of \(sheet.name)")
                }
                guard r < rows.count else { continue }
                for (c, cell) in rows[r].enumerated() {
                    guard let cell else { continue }
                    let status = write(ws, r, c, cell, formats[cell.style.index], formulaText)
                    try check(status, "write cell \(CellRef(sheet.id, r, c).a1) of \(sheet.name)")
                }
            }
            for rule in sheet.conditionalFormats { try conditional(ws, rule, sheet: sheet.name) }
            for chart in sheet.charts { try self.chart(ws, chart, sheet: sheet.name, names: names, book: book) }
        }
        for name in book.names {
            var target = "="
            target += Formula.quotedSheet(names[name.cell.sheet.index]) + "!" + name.cell.absoluteA1
            let qualified = name.scope.map { Formula.quotedSheet(names[$0.index]) + "!" + name.name } ?? name.name
            try check(workbook_define_name(wb, qualified, target), "define name \(qualified)")
        }
    }

    /// Writes the file and frees the handle.
    func close() throws(IOFailure) {
        let wb = try workbook()
        handle = nil
        try check(workbook_close(wb), "write the workbook")
    }

    private func setProperties(_ p: DocumentProperties) throws(IOFailure) {
        let wb = try workbook()
        let status: lxw_error = p.title.withCString { title in p.subject.withCString { subject in p.author.withCString { author in
            p.company.withCString { company in p.category.withCString { category in p.keywords.withCString { keywords in
                var props = lxw_doc_properties()
                props.title = UnsafeMutablePointer(mutating: title)
                props.subject = UnsafeMutablePointer(mutating: subject)
                props.author = UnsafeMutablePointer(mutating: author)
                props.company = UnsafeMutablePointer(mutating: company)
                props.category = UnsafeMutablePointer(mutating: category)
                props.keywords = UnsafeMutablePointer(mutating: keywords)
                props.created = time_t(p.created)
                return workbook_set_properties(wb, &props)
            } } } } } }
        try check(status, "set document properties")
    }

    private func format(_ style: CellStyle, thaiDigits: Bool) throws(IOFailure) -> UnsafeMutablePointer<lxw_format> {
        guard let f = workbook_add_format(try workbook()) else { throw IOFailure(.output, "add a cell format", path: path, "out of memory") }
        format_set_font_name(f, XLSXWriter.fontName)
        format_set_font_size(f, style.fontSize)
        // Family 2 (sans serif) tells Excel what to substitute where TH Sarabun New (the Thai
        // government's standard font) is not installed.
        format_set_font_family(f, 2)
        if style.bold { format_set_bold(f) }
        if style.italic { format_set_italic(f) }
        if let color = style.fontColor { format_set_font_color(f, color) }
        if let fill = style.fill {
            format_set_pattern(f, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(f, fill)
        }
        switch style.horizontal {
        case .general: break
        case .left: format_set_align(f, UInt8(LXW_ALIGN_LEFT.rawValue))
        case .center: format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue))
        case .right: format_set_align(f, UInt8(LXW_ALIGN_RIGHT.rawValue))
        }
        format_set_align(f, UInt8(style.alignTop ? LXW_ALIGN_VERTICAL_TOP.rawValue : LXW_ALIGN_VERTICAL_CENTER.rawValue))
        if style.wrap { format_set_text_wrap(f) }
        if style.indent > 0 { format_set_indent(f, UInt8(min(style.indent, 15))) }
        switch style.borders {
        case .none: break
        case .thin: format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue))
        case .totalTop:
            format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_top(f, UInt8(LXW_BORDER_MEDIUM.rawValue))
        }
        let code = style.numberFormat.code(thaiDigits: thaiDigits)
        if code != "General" { format_set_num_format(f, code) }
        return f
    }

    /// Writes one cell in format `f`; libxlsxwriter's status.
    private func write(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ r: Int, _ c: Int, _ cell: Cell,
                       _ f: UnsafeMutablePointer<lxw_format>, _ formulaText: [UInt8]) -> lxw_error {
        let row = lxw_row_t(r), col = lxw_col_t(c)
        let status: lxw_error
        switch cell.content {
        case .blank:
            status = worksheet_write_blank(ws, row, col, f)
        case .text(let s):
            // Always a string cell: text from the inputs is never read as a formula. Handed to C where it
            // lies (an implicit String-to-pointer argument would copy it into a new array every time).
            status = s.withCString { worksheet_write_string(ws, row, col, $0, f) }
        case .number(let x):
            status = worksheet_write_number(ws, row, col, x, f)
        case .date(let d):
            status = worksheet_write_number(ws, row, col, d.excelSerial, f)
        case .formula(let text, let cached):
            // The sheet keeps each formula's text NUL-terminated: handed to C where it lies.
            status = formulaText.withUnsafeBufferPointer { bytes -> lxw_error in
                bytes.withMemoryRebound(to: CChar.self) { all in
                    guard let base = all.baseAddress, Int(text.offset + text.length) < all.count, all[Int(text.offset + text.length)] == 0 else {
                        return LXW_ERROR_NULL_PARAMETER_IGNORED
                    }
                    let text = base + Int(text.offset)
                    switch cached {
                    case .number(let x): return worksheet_write_formula_num(ws, row, col, text, f, x)
                    case .empty: return worksheet_write_formula_num(ws, row, col, text, f, 0)
                    case .bool(let b): return worksheet_write_formula_num(ws, row, col, text, f, b ? 1 : 0)
                    case .text(let s): return s.withCString { worksheet_write_formula_str(ws, row, col, text, f, $0) }
                    case .error(let e): return worksheet_write_formula_str(ws, row, col, text, f, e.rawValue)
                    }
                }
            }
        }
        return status
    }

    private func layout(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ sheet: Worksheet) throws(IOFailure) {
        worksheet_set_default_row(ws, sheet.defaultRowHeight, 0)
        for (c, width) in sheet.columnWidths.enumerated() {
            try check(worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), width, nil), "set column widths of \(sheet.name)")
        }
        if let freeze = sheet.freeze { worksheet_freeze_panes(ws, lxw_row_t(freeze.row), lxw_col_t(freeze.column)) }
        if sheet.hidden { worksheet_hide(ws) }
        let page = sheet.page
        worksheet_set_paper(ws, 9) // A4
        if page.landscape { worksheet_set_landscape(ws) } else { worksheet_set_portrait(ws) }
        worksheet_set_margins(ws, page.margins.left, page.margins.right, page.margins.top, page.margins.bottom)
        worksheet_set_print_scale(ws, UInt16(max(10, min(400, page.scale))))
        if let rows = page.repeatRows {
            try check(worksheet_repeat_rows(ws, lxw_row_t(rows.lowerBound), lxw_row_t(rows.upperBound)), "repeat header rows of \(sheet.name)")
        }
        if !page.rowBreaks.isEmpty {
            // libxlsxwriter reads the list up to a 0 and takes at most 1,023 breaks.
            var breaks = page.rowBreaks.filter { $0 > 0 }.prefix(1023).map { lxw_row_t($0) }
            breaks.append(0)
            try check(worksheet_set_h_pagebreaks(ws, &breaks), "set page breaks of \(sheet.name)")
        }
        if !page.footer.isEmpty { try check(worksheet_set_footer(ws, page.footer), "set the footer of \(sheet.name)") }
        worksheet_center_horizontally(ws)
    }

    private func conditional(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ rule: ConditionalFormat, sheet: String) throws(IOFailure) {
        var c = lxw_conditional_format()
        c.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
        switch rule.rule {
        case .lessThan(let x):
            c.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_LESS_THAN.rawValue)
            c.value = x
        case .between(let low, let high):
            c.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_BETWEEN.rawValue)
            c.min_value = low
            c.max_value = high
        }
        guard let f = workbook_add_format(try workbook()) else { throw IOFailure(.output, "add a conditional format", path: path, "out of memory") }
        format_set_font_color(f, rule.fontColor)
        format_set_bg_color(f, rule.fill)
        c.format = f
        let r = rule.range
        try check(worksheet_conditional_format_range(ws, lxw_row_t(r.first.row), lxw_col_t(r.first.column),
                                                     lxw_row_t(r.last.row), lxw_col_t(r.last.column), &c),
                  "conditional format on \(sheet)")
    }

    /// `='Sheet'!$A$1:$A$9`: a chart reads its data and its series names from cells.
    private func reference(_ range: CellRange, _ names: [String]) -> String {
        "=" + Formula.quotedSheet(names[range.first.sheet.index]) + "!" + range.first.absoluteA1 + ":" + range.last.absoluteA1
    }

    private func chart(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ spec: Chart, sheet: String, names: [String], book: Workbook) throws(IOFailure) {
        let type = spec.kind == .bar ? LXW_CHART_BAR : LXW_CHART_LINE
        guard let chart = workbook_add_chart(try workbook(), UInt8(type.rawValue)) else {
            throw IOFailure(.output, "add a chart to \(sheet)", path: path, "libxlsxwriter refused the chart")
        }
        var cacheFailed = false
        XLSXWriter.fontName.withCString { font in
            var titleFont = lxw_chart_font()
            titleFont.name = UnsafeMutablePointer(mutating: font)
            titleFont.size = 16
            titleFont.bold = 1
            // The title is the tool's own label (never text from the inputs, which could start with =).
            chart_title_set_name(chart, spec.title)
            chart_title_set_name_font(chart, &titleFont)
            var axisFont = lxw_chart_font()
            axisFont.name = UnsafeMutablePointer(mutating: font)
            axisFont.size = 12
            // A bar chart lies on its side: its value axis is the x axis.
            let valueAxis = spec.kind == .bar ? chart.pointee.x_axis : chart.pointee.y_axis
            let categoryAxis = spec.kind == .bar ? chart.pointee.y_axis : chart.pointee.x_axis
            if let axis = categoryAxis {
                chart_axis_set_num_font(axis, &axisFont)
                if spec.kind == .bar { chart_axis_set_reverse(axis) }
            }
            if let axis = valueAxis {
                chart_axis_set_num_font(axis, &axisFont)
                chart_axis_set_min(axis, spec.minimum)
                chart_axis_set_max(axis, spec.maximum)
                if !spec.valueAxisTitle.isEmpty {
                    chart_axis_set_name(axis, spec.valueAxisTitle)
                    chart_axis_set_name_font(axis, &axisFont)
                }
            }
            var legendFont = lxw_chart_font()
            legendFont.name = UnsafeMutablePointer(mutating: font)
            legendFont.size = 12
            chart_legend_set_font(chart, &legendFont)
            // Series names are long Thai titles: under the plot they have the chart's whole width.
            chart_legend_set_position(chart, UInt8((spec.series.count < 2 ? LXW_CHART_LEGEND_NONE : LXW_CHART_LEGEND_BOTTOM).rawValue))
            for series in spec.series {
                guard let s = chart_add_series(chart, reference(series.categories, names), reference(series.values, names)) else { continue }
                // The values the file caches for the chart are the cells' own cached values (formulas
                // included), so a viewer that does not recalculate draws the same figures.
                var values: [Double] = [], present: [UInt8] = []
                let r = series.values
                for row in r.first.row...r.last.row {
                    for column in r.first.column...r.last.column {
                        let x = book.value(at: CellRef(r.first.sheet, row, column)).number
                        values.append(x ?? 0)
                        present.append(x == nil ? 0 : 1)
                    }
                }
                if kpi_chart_series_set_value_cache(s, values, present, UInt16(clamping: values.count)) != 0 { cacheFailed = true }
                // The name is a reference to the cell holding it: no text is handed to the chart.
                chart_series_set_name(s, "=" + Formula.quotedSheet(names[series.name.sheet.index]) + "!" + series.name.absoluteA1)
                var fill = lxw_chart_fill(color: series.color, none: 0, transparency: 0)
                var line = lxw_chart_line(color: series.color, none: 0, width: 2.25, dash_type: 0, transparency: 0)
                if spec.kind == .line {
                    chart_series_set_line(s, &line)
                    chart_series_set_marker_type(s, UInt8(LXW_CHART_MARKER_CIRCLE.rawValue))
                } else {
                    chart_series_set_fill(s, &fill)
                }
                if let format = spec.labelFormat {
                    chart_series_set_labels(s)
                    chart_series_set_labels_num_format(s, format.code(thaiDigits: false))
                    if spec.kind == .line {
                        let position: lxw_chart_label_position
                        switch series.labels {
                        case .above: position = LXW_CHART_LABEL_POSITION_ABOVE
                        case .below: position = LXW_CHART_LABEL_POSITION_BELOW
                        case .left: position = LXW_CHART_LABEL_POSITION_LEFT
                        }
                        chart_series_set_labels_position(s, UInt8(position.rawValue))
                    }
                    var labelFont = lxw_chart_font()
                    labelFont.name = UnsafeMutablePointer(mutating: font)
                    labelFont.size = 11
                    chart_series_set_labels_font(s, &labelFont)
                }
            }
        }
        if cacheFailed { throw IOFailure(.output, "cache the chart values of \(sheet)", path: path, "out of memory") }
        var options = lxw_chart_options()
        options.x_scale = Double(spec.width) / 480
        options.y_scale = Double(spec.height) / 288
        options.object_position = UInt8(LXW_OBJECT_MOVE_AND_SIZE.rawValue)
        try check(worksheet_insert_chart_opt(ws, lxw_row_t(spec.anchor.row), lxw_col_t(spec.anchor.column), chart, &options),
                  "insert a chart into \(sheet)")
    }
}
