/// How a finished sheet is to be printed.
struct PrintPlan {
    /// A4 landscape (wide tables) or portrait.
    var landscape: Bool
    /// Header rows repeated at the top of every printed page.
    var repeatRows: ClosedRange<Int>?
    /// Rows that must print on the same page as the row after them (a section heading, the first row
    /// of a subtotal block).
    var keepWithNext: Set<Int> = []
    /// Shrink to one page when the table fits at a legible scale (seed 001 prints a division's summary
    /// on one page).
    var onePageIfPossible = false
    /// Frozen rows and columns on screen.
    var freeze: (row: Int, column: Int)?
    /// Text columns that share what the page has left when the table is narrower than it: wider, their
    /// texts take fewer lines and more rows fit on a page.
    var fillColumns: [Int] = []
}

/// Finishes a laid-out sheet: widens number columns to hold every number they show, sets every row's
/// height from its text, the column widths and the font's metrics (so no wrapped text is cut off),
/// then chooses the print scale and the page breaks (one page wide, no block split across pages).
enum SheetFinisher {
    /// The tallest row Excel allows, in points.
    static let maximumRowHeight = 409.0

    /// The width of a column the layout gave none (Excel's and LibreOffice's default).
    static let defaultColumnWidth = 8.43

    static func finish(_ sheet: Worksheet, in book: Workbook, measure: MeasureMemo, plan: PrintPlan) {
        // Every column that holds a cell gets a width of its own: the measure and the spreadsheet then
        // agree on it (a column without one is sized by each program its own way).
        while sheet.columnWidths.count < sheet.widest { sheet.columnWidths.append(defaultColumnWidth) }
        widenNumberColumns(sheet, book, measure)
        fitOnOnePage(sheet, book, measure, plan)
        fitCharts(sheet)
        paginate(sheet, plan)
        sheet.page.landscape = plan.landscape
        sheet.page.repeatRows = plan.repeatRows
        sheet.page.footer = ThaiLabels.pageFooter
        sheet.freeze = plan.freeze
    }

    /// A set of a sheet's cells, as one flag per cell of its rows (allocated only when something is in it).
    private struct CellMask {
        private let columns: Int
        private var flags: [Bool] = []

        init(_ sheet: Worksheet) {
            var widest = sheet.widest
            for range in sheet.merges { widest = max(widest, range.last.column + 1) }
            columns = widest
        }

        mutating func insert(_ row: Int, _ column: Int) {
            if flags.isEmpty { flags = [Bool](repeating: false, count: columns * 64) }
            let i = row * columns + column
            if i >= flags.count { flags.append(contentsOf: repeatElement(false, count: max(i + 1 - flags.count, flags.count))) }
            flags[i] = true
        }

        func contains(_ row: Int, _ column: Int) -> Bool {
            let i = row * columns + column
            return column < columns && i < flags.count && flags[i]
        }
    }

    /// Each cell's part in the sheet's merged ranges, one entry per cell (made only when there are
    /// ranges): the index of the range whose top-left cell it is, `inside` for a range's other cells,
    /// `none` for a cell of no range.
    private struct MergeMap {
        static let none: Int32 = -1
        static let inside: Int32 = -2
        private let columns: Int
        private var table: [Int32] = []

        init(_ sheet: Worksheet) {
            var columns = sheet.widest, rows = sheet.rows.count
            for range in sheet.merges {
                columns = max(columns, range.last.column + 1)
                rows = max(rows, range.last.row + 1)
            }
            self.columns = columns
            guard !sheet.merges.isEmpty else { return }
            table = [Int32](repeating: MergeMap.none, count: rows * columns)
            for range in sheet.merges {
                for r in range.first.row...range.last.row {
                    for c in range.first.column...range.last.column where r != range.first.row || c != range.first.column {
                        table[r * columns + c] = MergeMap.inside
                    }
                }
            }
            // A later range with the same top-left cell takes its place; a cell inside a range stays inside.
            for (i, range) in sheet.merges.enumerated() where table[range.first.row * columns + range.first.column] != MergeMap.inside {
                table[range.first.row * columns + range.first.column] = Int32(i)
            }
        }

        subscript(_ row: Int, _ column: Int) -> Int32 {
            let i = row * columns + column
            return column < columns && i < table.count ? table[i] : MergeMap.none
        }
    }

    /// The text of a cell that can wrap: text, or a formula's text result. A number never wraps (a
    /// spreadsheet shows ### instead, and `widenNumberColumns` has made room for every number).
    private static func wrappingText(_ cell: Cell) -> String? {
        switch cell.content {
        case .text(let s), .formula(_, .text(let s)): return s
        default: return nil
        }
    }

    private static func widenNumberColumns(_ sheet: Worksheet, _ book: Workbook, _ measure: MeasureMemo) {
        var covered = CellMask(sheet) // cells inside a multi-column merge
        for range in sheet.merges where range.last.column > range.first.column {
            for r in range.first.row...range.last.row {
                for c in range.first.column...range.last.column { covered.insert(r, c) }
            }
        }
        // The widest number of each column and style decides: digits are all one width in the font,
        // so the number with the most digits (largest magnitude, or most negative) is the one to fit.
        struct Extremes {
            var high = -Double.infinity, low = Double.infinity
            mutating func widen(_ x: Double) {
                high = max(high, x)
                low = min(low, x)
            }
        }
        // By column and style, in one flat table (column * styles + style).
        let styles = book.styles.count
        var extremes = [Extremes?](repeating: nil, count: sheet.widest * styles)
        for (r, row) in sheet.rows.enumerated() {
            for (c, cell) in row.enumerated() {
                guard let cell else { continue }
                let x: Double
                switch cell.content {
                case .number(let v), .formula(_, .number(let v)): x = v
                case .date(let d): x = d.excelSerial
                default: continue
                }
                if covered.contains(r, c) { continue }
                let k = c * styles + cell.style.index
                if extremes[k] == nil { extremes[k] = Extremes() }
                extremes[k]?.widen(x)
            }
        }
        for (key, found) in extremes.enumerated() {
            guard let e = found else { continue }
            let c = key / styles
            let style = book.styles[key % styles]
            for x in [e.high, e.low] {
                var text: String
                if case .date = style.numberFormat { text = "30/12/2566" } else { text = style.numberFormat.shown(x) }
                if book.thaiDigits { text = ThaiDigits.toThai(text) }
                let needed = measure.columnWidth(for: text, style: style)
                while sheet.columnWidths.count <= c { sheet.columnWidths.append(defaultColumnWidth) }
                if needed > sheet.columnWidths[c] { sheet.columnWidths[c] = needed }
            }
        }
    }

    /// Rows a table row must take so that none passes Excel's maximum height: 1, or more when one of its
    /// wrapped texts (in the columns given) needs more than 409 pt. The layout then merges each of the
    /// row's cells down over them, and `setRowHeights` spreads the height.
    static func rowsNeeded(_ texts: [(text: String, columns: ClosedRange<Int>, style: StyleID)], in sheet: Worksheet,
                           book: Workbook, measure: MeasureMemo) -> Int {
        var rows = 1
        for (text, columns, style) in texts where !text.isEmpty {
            let s = book.styles[style.index]
            guard s.wrap else { continue }
            let height = HeightPlan.height(measure.prepared(text), columns, s, sheet, measure)
            rows = max(rows, Int((height / maximumRowHeight).rounded(.up)))
        }
        return rows
    }

    /// Lets a table row continue on the rows below when one of its wrapped texts needs more than Excel's
    /// tallest row (`rowsNeeded`): its cells are merged down over them. Returns the rows it now takes.
    static func continueDown(_ texts: [(text: String, columns: ClosedRange<Int>, style: StyleID)], row: Int,
                             in sheet: Worksheet, book: Workbook, measure: MeasureMemo) -> Int {
        let rows = rowsNeeded(texts, in: sheet, book: book, measure: measure)
        book.extendDown(sheet, row: row, rows: rows)
        return rows
    }

    /// The widths of columns `first…last` (a merged cell's columns, each rounded as the spreadsheet does).
    private static func widths(_ sheet: Worksheet, _ first: Int, _ last: Int) -> [Double] {
        (first...last).map { $0 < sheet.columnWidths.count ? sheet.columnWidths[$0] : defaultColumnWidth }
    }

    /// What decides the rows' heights, gathered once per sheet: each row's one-line cells, and each
    /// wrapped text with its columns. Laying the sheet out at another scale (wider fill columns) measures
    /// the texts again from here, without walking the cells. A sheet laid out once (`remeasure` false:
    /// a department's overview may have 20,000 rows) keeps each text's height, not the text.
    private struct HeightPlan {
        struct Text {
            let row: Int
            let columns: ClosedRange<Int>
            let style: CellStyle
            /// The text, to measure at each width; nil when measured once (`height`).
            let text: PreparedText?
            let height: Double
            /// The merged range when the cell spans rows below its own.
            let tall: CellRange?
        }

        /// Each row's height from cells that cannot wrap (0: none).
        var fixed: [Double]
        var texts: [Text] = []
        /// Cells merged over several rows, in the sheet's order: one that cannot wrap with its height, or
        /// the index of its text.
        enum Tall {
            case fixed(CellRange, Double)
            case text(Int)
        }
        var talls: [Tall] = []

        init(_ sheet: Worksheet, _ book: Workbook, _ measure: MeasureMemo, remeasure: Bool) {
            let merges = MergeMap(sheet)
            fixed = [Double](repeating: 0, count: sheet.rowCount)
            // By style: whether it wraps, and the height of one line of its font (-1: not asked yet).
            let wraps = book.styles.map(\.wrap)
            var oneLine = [Double](repeating: -1, count: wraps.count)
            for (r, row) in sheet.rows.enumerated() {
                for (c, cell) in row.enumerated() {
                    guard let cell else { continue }
                    let merge = merges[r, c]
                    if merge == MergeMap.inside { continue }
                    let s = cell.style.index
                    let range = merge >= 0 ? sheet.merges[Int(merge)] : nil
                    let tall = range.flatMap { $0.last.row > r ? $0 : nil }
                    if wraps[s], let text = wrappingText(cell) {
                        let style = book.styles[s]
                        let columns = c...(range?.last.column ?? c)
                        let prepared = measure.prepared(text)
                        if !remeasure && tall == nil {
                            // Measured once and of its own row only: its height is the row's like any
                            // other's (a sheet of 20,000 names keeps no entry per name).
                            fixed[r] = max(fixed[r], HeightPlan.height(prepared, columns, style, sheet, measure))
                            continue
                        }
                        if tall != nil { talls.append(.text(texts.count)) }
                        texts.append(Text(row: r, columns: columns, style: style, text: remeasure ? prepared : nil,
                                          height: remeasure ? 0 : HeightPlan.height(prepared, columns, style, sheet, measure), tall: tall))
                        continue
                    }
                    if oneLine[s] < 0 { oneLine[s] = measure.rowHeight(lines: 1, fontSize: book.styles[s].fontSize) }
                    let height = oneLine[s]
                    if let tall {
                        talls.append(.fixed(tall, height))
                    } else {
                        fixed[r] = max(fixed[r], height)
                    }
                }
            }
        }

        /// The height of a row that shows `text` in `columns` at their present widths.
        static func height(_ text: PreparedText, _ columns: ClosedRange<Int>, _ style: CellStyle, _ sheet: Worksheet,
                           _ measure: MeasureMemo) -> Double {
            let lines: Int
            if columns.upperBound < sheet.columnWidths.count {
                lines = text.lines(columnWidths: sheet.columnWidths[columns], style: style)
            } else {
                lines = text.lines(columnWidths: widths(sheet, columns.lowerBound, columns.upperBound)[...], style: style)
            }
            return measure.rowHeight(lines: lines, fontSize: style.fontSize)
        }

        /// Sets every row's height for the sheet's present column widths.
        func apply(_ sheet: Worksheet, _ measure: MeasureMemo) {
            var heights = fixed
            var textHeights = [Double](repeating: 0, count: texts.count)
            for (i, item) in texts.enumerated() {
                let needed = item.text.map { HeightPlan.height($0, item.columns, item.style, sheet, measure) } ?? item.height
                textHeights[i] = needed
                if item.tall == nil { heights[item.row] = max(heights[item.row], needed) }
            }
            // A cell merged over several rows needs their heights together: what is missing is spread
            // over its rows, the shortest raised first, so that no row need pass Excel's maximum.
            for tall in talls {
                let (range, needed): (CellRange, Double)
                switch tall {
                case .fixed(let r, let h): (range, needed) = (r, h)
                case .text(let i): (range, needed) = (texts[i].tall!, textHeights[i])
                }
                let rows = Array(range.first.row...range.last.row)
                var current = rows.map { max(heights[$0], sheet.defaultRowHeight) }
                var missing = needed - current.reduce(0, +)
                while missing > 1e-9 {
                    let low = current.min() ?? 0
                    let lows = current.indices.filter { current[$0] <= low + 1e-9 }
                    let next = current.filter { $0 > low + 1e-9 }.min() ?? .infinity
                    let step = min(next - low, missing / Double(lows.count))
                    for i in lows { current[i] += step }
                    missing -= step * Double(lows.count)
                }
                for (i, r) in rows.enumerated() { heights[r] = max(heights[r], current[i]) }
            }
            for (r, h) in heights.enumerated() where h > 0 {
                sheet.setHeight(min(maximumRowHeight, (h * 4).rounded(.up) / 4), row: r)
            }
        }
    }

    /// The page's printable area in points (A4, the margins of `PageSetup`), less what the spreadsheets
    /// keep for rounding (and, below, for the footer).
    private static func printable(_ sheet: Worksheet, landscape: Bool) -> (width: Double, height: Double) {
        let area = sheet.page.printableArea(landscape: landscape)
        return (area.width * 0.98, area.height * 0.96)
    }

    /// Fills the page's width and sets the rows' heights. A sheet that should print on one page (a
    /// summary, as seed 001 prints it) is tried at 100 %, 95 % … 55 %: at a smaller scale its fill
    /// columns are wider in the sheet's points, texts take fewer lines, and the first scale at which the
    /// whole sheet fits on the page is kept. Otherwise it is laid out at 100 % over several pages.
    private static func fitOnOnePage(_ sheet: Worksheet, _ book: Workbook, _ measure: MeasureMemo, _ plan: PrintPlan) {
        let base = sheet.columnWidths
        if plan.onePageIfPossible {
            let heights = HeightPlan(sheet, book, measure, remeasure: true)
            let printableHeight = printable(sheet, landscape: plan.landscape).height
            /// Lays the sheet out for `scale` and says whether it then fits on one page.
            func fits(_ scale: Int) -> Bool {
                sheet.columnWidths = base
                fill(sheet, plan, scale: scale)
                heights.apply(sheet, measure)
                var total = 0.0
                for r in 0..<sheet.rowCount { total += sheet.height(row: r) }
                return total <= printableHeight * 100 / Double(scale)
            }
            // A smaller scale never needs more room: the largest scale that fits, by halving between
            // 55 % (fits) and 100 % (does not); scales are multiples of 5.
            if fits(100) { return }
            var low = 55, high = 100
            if fits(low) {
                var laidOut = low
                while high - low > 5 {
                    laidOut = (low + high) / 10 * 5
                    if fits(laidOut) { low = laidOut } else { high = laidOut }
                }
                if laidOut != low { _ = fits(low) }
                return
            }
            sheet.columnWidths = base
        }
        fill(sheet, plan, scale: 100)
        HeightPlan(sheet, book, measure, remeasure: false).apply(sheet, measure)
    }

    /// Widens the fill columns, in equal parts, until the table spans the printable width at `scale` %.
    private static func fill(_ sheet: Worksheet, _ plan: PrintPlan, scale: Int) {
        let columns = plan.fillColumns.filter { $0 < sheet.columnWidths.count }
        guard !columns.isEmpty else { return }
        let width = printable(sheet, landscape: plan.landscape).width * 100 / Double(scale)
        func tableWidth() -> Double { sheet.columnWidths.reduce(0) { $0 + TextMeasure.points(ofColumnWidth: $1) } }
        // Character units widen a column by about 8.7 pt each: step down to the last whole fit.
        var spare = width - tableWidth()
        while spare > 9 * Double(columns.count) {
            let step = max(0.25, (spare / Double(columns.count) / 8.7 * 4).rounded(.down) / 4)
            for c in columns { sheet.columnWidths[c] += step }
            spare = width - tableWidth()
            if spare < 0 {
                for c in columns { sheet.columnWidths[c] -= step }
                break
            }
        }
    }

    /// Narrows each chart to the table's width from its anchor column, so that it prints whole on the
    /// page the table fills (a chart past the last column is cut off).
    private static func fitCharts(_ sheet: Worksheet) {
        for i in sheet.charts.indices {
            let from = sheet.charts[i].anchor.column
            // A chart is anchored to the cells it covers, counted in libxlsxwriter's pixels per column: at
            // most up to the table's right edge, and a pixel inside it (a chart ending on the next column's
            // edge makes that column printed: blank pages).
            let pixels = sheet.columnWidths.dropFirst(from).reduce(0) { $0 + CalcGeometry.columnPixels($1) } - 2
            if pixels > 0 && pixels < sheet.charts[i].width { sheet.charts[i].width = pixels }
        }
    }

    /// The print scale (one page wide, or the whole sheet on one page when asked) and the row breaks
    /// (a chart, a heading or a block kept whole).
    private static func paginate(_ sheet: Worksheet, _ plan: PrintPlan) {
        let (printableWidth, printableHeight) = printable(sheet, landscape: plan.landscape)
        var tableWidth = 0.0
        for w in sheet.columnWidths { tableWidth += TextMeasure.points(ofColumnWidth: w) }
        let widthScale = tableWidth > 0 ? min(100, Int((printableWidth / tableWidth * 100).rounded(.down))) : 100
        let rows = sheet.rowCount
        var total = 0.0
        for r in 0..<rows { total += sheet.height(row: r) }
        if plan.onePageIfPossible {
            let heightScale = Int((printableHeight / max(total, 1) * 100).rounded(.down))
            let scale = min(widthScale, heightScale)
            if scale >= 55 {
                sheet.page.scale = max(10, scale)
                sheet.page.rowBreaks = []
                return
            }
        }
        let scale = max(10, widthScale)
        sheet.page.scale = scale
        let available = printableHeight / (Double(scale) / 100)
        var repeated = 0.0
        if let rr = plan.repeatRows { for r in rr { repeated += sheet.height(row: r) } }
        // A chart is drawn from its anchor row down: it needs its whole height on the page it starts on.
        var chartHeight: [Int: Double] = [:]
        for chart in sheet.charts { chartHeight[chart.anchor.row] = max(chartHeight[chart.anchor.row] ?? 0, Double(chart.height) * 0.75) }
        var breaks: [Int] = []
        var pageStart = 0
        var y = 0.0
        var r = 0
        while r < max(rows, (chartHeight.keys.max() ?? -1) + 1) {
            let h = sheet.height(row: r)
            if y + max(h, chartHeight[r] ?? 0) > available && r > pageStart {
                // Keep a heading or the first row of a block with what follows it.
                var at = r
                while at - 1 > pageStart, plan.keepWithNext.contains(at - 1) { at -= 1 }
                if at <= pageStart { at = r }
                breaks.append(at)
                pageStart = at
                y = repeated
                r = at
                continue
            }
            y += h
            r += 1
        }
        sheet.page.rowBreaks = breaks
    }
}
