import CXlsxWriter
import KPIReportCore

/// A libxlsxwriter failure: what was being done and the library's own message.
public struct XLSXError: Error, CustomStringConvertible {
    /// What the writer was doing.
    public let operation: String
    /// libxlsxwriter's message (`lxw_strerror`).
    public let message: String

    public var description: String { "\(operation): \(message)" }
}

/// The one owner of a libxlsxwriter workbook handle: every call into libxlsxwriter is in this file.
/// Each status code becomes an `XLSXError` the moment it is returned; the handle is closed (and so
/// freed) exactly once.
final class LXWWorkbook {
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private var formats: [CellStyle: UnsafeMutablePointer<lxw_format>] = [:]
    private let fontName: String
    private let fontSize: Double

    /// Opens a new workbook file at `path` (written when `close()` is called).
    init(path: String, fontName: String, fontSize: Double) throws(XLSXError) {
        var options = lxw_workbook_options(constant_memory: 0, tmpdir: nil, use_zip64: 1)
        handle = workbook_new_opt(path, &options)
        self.fontName = fontName
        self.fontSize = fontSize
        guard handle != nil else { throw XLSXError(operation: "create \(path)", message: "libxlsxwriter could not start a workbook") }
    }

    deinit {
        // A workbook never closed (an error part-way) still owns memory: closing frees it. The file
        // it writes is a temporary one that the caller removes.
        if let handle { _ = workbook_close(handle) }
    }

    private static func check(_ status: lxw_error, _ operation: @autoclosure () -> String) throws(XLSXError) {
        guard status == LXW_NO_ERROR else {
            throw XLSXError(operation: operation(), message: String(cString: lxw_strerror(status)))
        }
    }

    private func workbook() throws(XLSXError) -> UnsafeMutablePointer<lxw_workbook> {
        guard let handle else { throw XLSXError(operation: "write", message: "the workbook is already closed") }
        return handle
    }

    /// Sets the document properties.
    func setProperties(_ p: DocumentProperties) throws(XLSXError) {
        let wb = try workbook()
        let status: lxw_error = p.title.withCString { title in p.subject.withCString { subject in p.author.withCString { author in
            p.company.withCString { company in p.category.withCString { category in p.keywords.withCString { keywords in
                p.comments.withCString { comments in
                    var props = lxw_doc_properties()
                    props.title = UnsafeMutablePointer(mutating: title)
                    props.subject = UnsafeMutablePointer(mutating: subject)
                    props.author = UnsafeMutablePointer(mutating: author)
                    props.company = UnsafeMutablePointer(mutating: company)
                    props.category = UnsafeMutablePointer(mutating: category)
                    props.keywords = UnsafeMutablePointer(mutating: keywords)
                    props.comments = UnsafeMutablePointer(mutating: comments)
                    props.created = time_t(p.created)
                    return workbook_set_properties(wb, &props)
                } } } } } } }
        try Self.check(status, "set document properties")
    }

    /// Adds a worksheet.
    func addWorksheet(_ name: String) throws(XLSXError) -> UnsafeMutablePointer<lxw_worksheet> {
        let wb = try workbook()
        let status = workbook_validate_sheet_name(wb, name)
        try Self.check(status, "sheet name \"\(name)\"")
        guard let ws = workbook_add_worksheet(wb, name) else {
            throw XLSXError(operation: "add sheet \"\(name)\"", message: "libxlsxwriter refused the sheet")
        }
        return ws
    }

    /// The format for a style, created once.
    func format(_ style: CellStyle) throws(XLSXError) -> UnsafeMutablePointer<lxw_format> {
        if let existing = formats[style] { return existing }
        guard let f = workbook_add_format(try workbook()) else {
            throw XLSXError(operation: "add a cell format", message: "out of memory")
        }
        format_set_font_name(f, fontName)
        format_set_font_size(f, style.fontSize ?? fontSize)
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
        if let code = style.numberFormat, code != "General" { format_set_num_format(f, code) }
        formats[style] = f
        return f
    }

    /// A format for a conditional rule (font colour and fill only).
    func conditionalFormat(fontColor: UInt32, fill: UInt32) throws(XLSXError) -> UnsafeMutablePointer<lxw_format> {
        guard let f = workbook_add_format(try workbook()) else { throw XLSXError(operation: "add a conditional format", message: "out of memory") }
        format_set_font_color(f, fontColor)
        format_set_bg_color(f, fill)
        return f
    }

    /// Writes one cell.
    func write(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ address: CellAddress, _ cell: Cell, sheet: String) throws(XLSXError) {
        let f = try format(cell.style)
        let row = lxw_row_t(address.row), col = lxw_col_t(address.column)
        let status: lxw_error
        switch cell.value {
        case .text(let s):
            // Always a string cell: text from the inputs is never read as a formula.
            status = worksheet_write_string(ws, row, col, s, f)
        case .number(let x):
            status = worksheet_write_number(ws, row, col, x, f)
        case .date(let d):
            status = worksheet_write_number(ws, row, col, d.excelSerial, f)
        case .formula(let formula, .number(let x)):
            status = worksheet_write_formula_num(ws, row, col, formula, f, x)
        case .formula(let formula, .text(let s)):
            status = worksheet_write_formula_str(ws, row, col, formula, f, s)
        case .blank:
            status = worksheet_write_blank(ws, row, col, f)
        }
        try Self.check(status, "write \(sheet)!\(address)")
    }

    /// Merges a range (its first cell is written afterwards by `write`).
    func merge(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ range: CellRange, style: CellStyle, sheet: String) throws(XLSXError) {
        let status = worksheet_merge_range(ws, lxw_row_t(range.first.row), lxw_col_t(range.first.column),
                                           lxw_row_t(range.last.row), lxw_col_t(range.last.column), "", try format(style))
        try Self.check(status, "merge \(sheet)!\(range)")
    }

    /// Column widths, row heights, panes and print setup.
    func layout(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ sheet: Worksheet) throws(XLSXError) {
        worksheet_set_default_row(ws, sheet.defaultRowHeight, 0)
        for column in sheet.columns {
            try Self.check(worksheet_set_column(ws, lxw_col_t(column.first), lxw_col_t(column.last), column.width, nil),
                           "set columns of \(sheet.name)")
        }
        for row in sheet.rowHeights.keys.sorted() {
            guard let height = sheet.rowHeights[row] else { continue }
            try Self.check(worksheet_set_row(ws, lxw_row_t(row), height, nil), "set row height in \(sheet.name)")
        }
        if let freeze = sheet.freeze { worksheet_freeze_panes(ws, lxw_row_t(freeze.row), lxw_col_t(freeze.column)) }
        let page = sheet.page
        worksheet_set_paper(ws, 9) // A4
        if page.landscape { worksheet_set_landscape(ws) } else { worksheet_set_portrait(ws) }
        worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6)
        if page.fitWidth > 0 { worksheet_fit_to_pages(ws, UInt16(page.fitWidth), UInt16(page.fitHeight)) }
        if let rows = page.repeatRows {
            try Self.check(worksheet_repeat_rows(ws, lxw_row_t(rows.lowerBound), lxw_row_t(rows.upperBound)), "repeat header rows of \(sheet.name)")
        }
        if !page.footer.isEmpty { try Self.check(worksheet_set_footer(ws, page.footer), "set footer of \(sheet.name)") }
        if page.centerHorizontally { worksheet_center_horizontally(ws) }
    }

    /// A conditional format over a range.
    func conditional(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ rule: ConditionalFormat, sheet: String) throws(XLSXError) {
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
        c.format = try conditionalFormat(fontColor: rule.fontColor, fill: rule.fill)
        let r = rule.range
        try Self.check(worksheet_conditional_format_range(ws, lxw_row_t(r.first.row), lxw_col_t(r.first.column),
                                                          lxw_row_t(r.last.row), lxw_col_t(r.last.column), &c),
                       "conditional format on \(sheet)!\(r)")
    }

    /// A chart anchored on a sheet.
    func chart(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ spec: Chart, sheet: String) throws(XLSXError) {
        let type: lxw_chart_type
        switch spec.kind {
        case .bar: type = LXW_CHART_BAR
        case .column: type = LXW_CHART_COLUMN
        case .line: type = LXW_CHART_LINE
        }
        guard let chart = workbook_add_chart(try workbook(), UInt8(type.rawValue)) else {
            throw XLSXError(operation: "add chart to \(sheet)", message: "libxlsxwriter refused the chart")
        }
        fontName.withCString { name in
            var titleFont = lxw_chart_font()
            titleFont.name = UnsafeMutablePointer(mutating: name)
            titleFont.size = 16
            titleFont.bold = 1
            chart_title_set_name(chart, spec.title)
            chart_title_set_name_font(chart, &titleFont)
            var axisFont = lxw_chart_font()
            axisFont.name = UnsafeMutablePointer(mutating: name)
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
                if let min = spec.minimum { chart_axis_set_min(axis, min) }
                if let max = spec.maximum { chart_axis_set_max(axis, max) }
                if !spec.valueAxisTitle.isEmpty {
                    chart_axis_set_name(axis, spec.valueAxisTitle)
                    chart_axis_set_name_font(axis, &axisFont)
                }
            }
            var legendFont = lxw_chart_font()
            legendFont.name = UnsafeMutablePointer(mutating: name)
            legendFont.size = 12
            chart_legend_set_font(chart, &legendFont)
            if spec.series.count < 2 { chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue)) }
            for series in spec.series {
                let categories = "=" + series.categories.absolute(on: series.sheet)
                let values = "=" + series.values.absolute(on: series.sheet)
                guard let s = chart_add_series(chart, categories, values) else { continue }
                chart_series_set_name(s, series.name)
                var fill = lxw_chart_fill(color: series.color, none: 0, transparency: 0)
                var line = lxw_chart_line(color: series.color, none: 0, width: 2.25, dash_type: 0, transparency: 0)
                if spec.kind == .line {
                    chart_series_set_line(s, &line)
                    chart_series_set_marker_type(s, UInt8(LXW_CHART_MARKER_CIRCLE.rawValue))
                } else {
                    chart_series_set_fill(s, &fill)
                }
                if let code = spec.labelFormat {
                    chart_series_set_labels(s)
                    chart_series_set_labels_num_format(s, code)
                    var labelFont = lxw_chart_font()
                    labelFont.name = UnsafeMutablePointer(mutating: name)
                    labelFont.size = 11
                    chart_series_set_labels_font(s, &labelFont)
                }
            }
        }
        var options = lxw_chart_options()
        options.x_scale = Double(spec.width) / 480
        options.y_scale = Double(spec.height) / 288
        options.object_position = UInt8(LXW_OBJECT_MOVE_AND_SIZE.rawValue)
        try Self.check(worksheet_insert_chart_opt(ws, lxw_row_t(spec.anchor.row), lxw_col_t(spec.anchor.column), chart, &options),
                       "insert chart into \(sheet)")
    }

    /// A defined name.
    func defineName(_ name: DefinedName) throws(XLSXError) {
        let qualified = name.scope.map { CellAddress.quotedSheet($0) + "!" + name.name } ?? name.name
        try Self.check(workbook_define_name(try workbook(), qualified, name.formula), "define name \(qualified)")
    }

    /// Writes the file and frees the handle.
    func close() throws(XLSXError) {
        let wb = try workbook()
        handle = nil
        try Self.check(workbook_close(wb), "write the workbook")
    }
}
