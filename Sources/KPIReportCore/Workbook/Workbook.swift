/// What a cell holds.
public enum CellContent: Sendable, Hashable {
    /// Nothing, but styled (the borders of an empty cell, the parts of a merged range).
    case blank
    /// Text, written as text always (a leading `=` stays literal).
    case text(String)
    /// A number.
    case number(Double)
    /// A date, shown with a date format.
    case date(CivilDate)
    /// A formula — its text, written once into the sheet's formula text when the cell was set — and its
    /// cached value: the formula's own evaluation at that moment.
    case formula(FormulaText, cached: Value)
}

/// Where a cell's formula text is in its sheet's `formulaText` (UTF-8, without the leading `=`).
public struct FormulaText: Hashable, Sendable {
    /// Byte offset.
    public let offset: Int32
    /// Length in bytes.
    public let length: Int32
}

/// A cell: content and style.
public struct Cell: Sendable, Hashable {
    /// The content.
    public var content: CellContent
    /// The look.
    public var style: StyleID

    /// What the cell shows to a formula that refers to it.
    public var value: Value {
        switch content {
        case .blank: return .empty
        case .text(let s): return .text(s)
        case .number(let x): return .number(x)
        case .date(let d): return .number(d.excelSerial)
        case .formula(_, let cached): return cached
        }
    }

    /// The formula's text span, when the cell has one.
    public var formulaText: FormulaText? {
        if case .formula(let f, _) = content { return f }
        return nil
    }
}

/// A rectangular range of one sheet.
public struct CellRange: Hashable, Sendable {
    /// Top-left cell.
    public let first: CellRef
    /// Bottom-right cell.
    public let last: CellRef

    /// Creates a range.
    public init(_ first: CellRef, _ last: CellRef) {
        self.first = first
        self.last = last
    }
}

/// Print setup of a sheet (A4).
public struct PageSetup: Sendable, Equatable {
    /// Landscape when true, portrait otherwise.
    public var landscape = false
    /// Print scale in percent, chosen by pagination so the table fits one page wide (and, where it
    /// can, one page tall).
    public var scale = 100
    /// Rows repeated at the top of every printed page (0-based, inclusive).
    public var repeatRows: ClosedRange<Int>?
    /// Rows that start a new printed page (chosen so no block is split).
    public var rowBreaks: [Int] = []
    /// Footer text with `&P`/`&N` codes (the tool's own text only).
    public var footer = ""
    /// Margins in inches: left, right, top, bottom.
    public var margins = (left: 0.5, right: 0.5, top: 0.6, bottom: 0.7)

    /// A4 portrait at 100 %.
    public init() {}

    /// The A4 page's size inside the margins, in points, upright or on its side.
    public func printableArea(landscape: Bool) -> (width: Double, height: Double) {
        let (width, height) = landscape ? (841.9, 595.3) : (595.3, 841.9)
        return (width - 72 * (margins.left + margins.right), height - 72 * (margins.top + margins.bottom))
    }

    public static func == (a: PageSetup, b: PageSetup) -> Bool {
        a.landscape == b.landscape && a.scale == b.scale && a.repeatRows == b.repeatRows && a.rowBreaks == b.rowBreaks
            && a.footer == b.footer && a.margins == b.margins
    }
}

/// A conditional format over a range (screen-only sheets): a font colour and fill when the value
/// compares so.
public struct ConditionalFormat: Sendable, Equatable {
    /// How the value compares.
    public enum Rule: Sendable, Equatable {
        case lessThan(Double)
        case between(Double, Double)
    }

    public let range: CellRange
    public let rule: Rule
    public let fontColor: UInt32
    public let fill: UInt32
}

/// A chart drawn over a sheet. Series names are cells that hold the text, so that no text from the
/// inputs is ever handed to the chart writer, which would read a leading `=` as a formula.
public struct Chart: Sendable, Equatable {
    /// The chart type.
    public enum Kind: Sendable, Equatable {
        case bar, line
    }

    /// One data series.
    public struct Series: Sendable, Equatable {
        /// The cell holding the series' name.
        public let name: CellRef
        /// Category labels.
        public let categories: CellRange
        /// Values.
        public let values: CellRange
        /// Fill or line colour (RGB).
        public let color: UInt32
        /// Where data labels go relative to the points of a line (series whose points meet at one
        /// round get different sides, so their labels do not overlap).
        public let labels: LabelPosition
    }

    /// A data label's side of its point.
    public enum LabelPosition: Sendable, Equatable {
        case above, below, left
    }

    public let kind: Kind
    /// The tool's own title.
    public let title: String
    public let series: [Series]
    /// Top-left cell it is anchored at.
    public let anchor: CellRef
    /// Size in pixels.
    public var width: Int
    public let height: Int
    /// Value axis bounds.
    public let minimum: Double
    public let maximum: Double
    /// Value axis title (the tool's own text).
    public let valueAxisTitle: String
    /// Number format of data labels; nil = no labels.
    public let labelFormat: NumberFormat?
}

/// A defined name pointing at one cell.
public struct DefinedName: Sendable, Equatable {
    /// The name, e.g. `Total_R6`.
    public let name: String
    /// The sheet it is local to; nil for a workbook-wide name.
    public let scope: SheetID?
    /// The cell.
    public let cell: CellRef
}

/// File properties; `created` is fixed so that the same inputs give byte-identical files.
public struct DocumentProperties: Sendable, Equatable {
    public var title: String
    public var subject: String
    public var author = "kpi-report"
    public var company: String
    public var category: String
    public var keywords: String
    /// Creation time written into the file (seconds since 1970).
    public var created: Int

    /// Creates properties.
    public init(title: String, subject: String, company: String, category: String, keywords: String, created: Int) {
        self.title = title
        self.subject = subject
        self.company = company
        self.category = category
        self.keywords = keywords
        self.created = created
    }
}

/// A sheet: a grid of cells, column widths, row heights, merges and print setup.
public final class Worksheet {
    /// Its identity in formulas.
    public let id: SheetID
    /// Tab name (≤ 31 characters, none of `[]:*?/\`).
    public let name: String
    /// Cells, row by row.
    @exclusivity(unchecked) public private(set) var rows: [[Cell?]] = []
    /// The text of every formula of the sheet, one after another, each followed by a NUL (cells hold
    /// their span, which does not count it).
    @exclusivity(unchecked) public private(set) var formulaText: [UInt8] = []
    /// Widths in Excel's character units, by column.
    @exclusivity(unchecked) public var columnWidths: [Double] = []
    /// Heights in points, by row; nil = the default height.
    @exclusivity(unchecked) public private(set) var rowHeights: [Double?] = []
    /// Height of a row with no height of its own: one line of the 16-point Thai font.
    public var defaultRowHeight = 24.0
    /// Merged ranges; the top-left cell holds the value.
    @exclusivity(unchecked) public private(set) var merges: [CellRange] = []
    /// Rows (above) and columns (left) frozen on screen.
    public var freeze: (row: Int, column: Int)?
    /// Print setup.
    public var page = PageSetup()
    /// Conditional formats.
    public var conditionalFormats: [ConditionalFormat] = []
    /// Charts.
    public var charts: [Chart] = []
    /// Hidden: not shown among the tabs and not printed (a supporting sheet an auditor can unhide).
    public var hidden = false
    /// Cells in the widest row (rows only grow).
    @exclusivity(unchecked) private(set) var widest = 0
    /// Cells the first row has room for, before the sheet's width is known (a round's table).
    static let typicalWidth = 12
    /// Ranges whose numbers a formula has read sorted (a ranking column), until a cell in them changes.
    @exclusivity(unchecked) private var sortedRanges: [(range: CellRange, numbers: Result<[Double], SpreadsheetError>)] = []

    init(id: SheetID, name: String) {
        self.id = id
        self.name = name
    }

    /// The text of a cell's formula.
    public func formula(row: Int, column: Int) -> String? {
        guard let span = self[row, column]?.formulaText else { return nil }
        return String(decoding: formulaText[Int(span.offset)..<Int(span.offset + span.length)], as: UTF8.self)
    }

    /// Appends a formula's text and returns its span.
    func addFormula(_ formula: Formula, names: [[UInt8]], scratch: inout ByteWriter) -> FormulaText {
        let start = formulaText.count
        if start == 0 { formulaText.reserveCapacity(8192) } // a round's table: a few hundred formulas
        scratch.reset()
        formula.write(into: &scratch, on: id, names: names)
        scratch.append(0) // each text ends with a NUL: the writer hands it to C where it lies
        formulaText.append(contentsOf: scratch.bytes)
        return FormulaText(offset: Int32(start), length: Int32(scratch.count - 1))
    }

    /// The cell at a position.
    public subscript(row: Int, column: Int) -> Cell? {
        guard row < rows.count, column < rows[row].count else { return nil }
        return rows[row][column]
    }

    /// Number of rows that hold a cell or a height.
    public var rowCount: Int { max(rows.count, rowHeights.count) }

    func store(_ cell: consuming Cell, _ row: Int, _ column: Int) {
        if !sortedRanges.isEmpty {
            sortedRanges.removeAll { entry in
                let r = entry.range
                return (min(r.first.row, r.last.row)...max(r.first.row, r.last.row)).contains(row)
                    && (min(r.first.column, r.last.column)...max(r.first.column, r.last.column)).contains(column)
            }
        }
        if row >= rows.count {
            // Room for a page of rows at once: a sheet grows a row at a time from its title down.
            if rows.isEmpty { rows.reserveCapacity(max(64, row + 1)) }
            while row >= rows.count { rows.append([]) }
        }
        let count = rows[row].count
        if column < count {
            rows[row][column] = consume cell
            return
        }
        // A new row is made as wide as the widest so far at once (rows of a table are filled left to
        // right: growing one cell at a time would copy it again and again), and a cell past the row's
        // end is appended (after empty places up to it, if any). The sheet's first row (a title merged
        // across the table, set from its second cell) comes before any width is known: it gets room
        // for a table's columns.
        if count == 0 { rows[row].reserveCapacity(max(widest > 0 ? widest : Worksheet.typicalWidth, column + 1)) }
        for _ in count..<column { rows[row].append(nil) }
        rows[row].append(consume cell)
        widest = max(widest, column + 1)
    }

    /// The numbers of a range of this sheet, sorted, read through `cells` the first time; nil when one
    /// is not a number at all (NaN has no place in an order).
    func sortedNumbers(_ first: CellRef, _ last: CellRef, _ cells: Workbook) -> Result<[Double], SpreadsheetError>? {
        let range = CellRange(first, last)
        if let kept = sortedRanges.first(where: { $0.range == range }) { return kept.numbers }
        var values: [Double] = []
        let numbers: Result<[Double], SpreadsheetError>
        if let error = Formula.rangeNumbers(first, last, cells, into: &values) { numbers = .failure(error) } else {
            if values.contains(where: \.isNaN) { return nil }
            numbers = .success(values.sorted())
        }
        sortedRanges.append((range, numbers))
        return numbers
    }

    /// Sets a row's height in points.
    public func setHeight(_ points: Double, row: Int) {
        if row >= rowHeights.count {
            if rowHeights.isEmpty { rowHeights.reserveCapacity(max(rows.count, row + 1)) }
            rowHeights.append(contentsOf: repeatElement(nil, count: row - rowHeights.count + 1))
        }
        rowHeights[row] = points
    }

    /// A row's height in points (its own, else the default).
    public func height(row: Int) -> Double { row < rowHeights.count ? rowHeights[row] ?? defaultRowHeight : defaultRowHeight }

    func addMerge(_ range: CellRange) { merges.append(range) }

    /// Grows the merged ranges that lie on `row` alone down to `lastRow`; returns them.
    func growMerges(onRow row: Int, to lastRow: Int) -> [CellRange] {
        var grown: [CellRange] = []
        for (i, range) in merges.enumerated() where range.first.row == row && range.last.row == row {
            merges[i] = CellRange(range.first, CellRef(range.last.sheet, lastRow, range.last.column))
            grown.append(merges[i])
        }
        return grown
    }

    /// A cell of this sheet.
    public func ref(_ row: Int, _ column: Int) -> CellRef { CellRef(id, row, column) }
}

/// A workbook as plain data: sheets of cells (text, numbers, dates, formulas with their cached values),
/// styles, merges, print setup, defined names and charts. Layout builds it; a formula is evaluated the
/// moment it is set (it may refer only to cells already set, the way a table is filled from the top);
/// the writer turns it into an .xlsx file; the figures the tool prints are read back from it.
public final class Workbook: CellValues {
    /// Document properties.
    public var properties: DocumentProperties
    /// Sheets in creation order (`SheetID.index`).
    @exclusivity(unchecked) public private(set) var sheets: [Worksheet] = []
    /// Sheet names as formulas quote them, by `SheetID.index`.
    @exclusivity(unchecked) private var quotedNames: [[UInt8]] = []
    /// The formulas themselves, kept only when asked (tests that evaluate them again).
    @exclusivity(unchecked) private var retained: [CellRef: Formula]?
    /// Tab order; by default creation order.
    public var tabOrder: [SheetID] = []
    /// Defined names.
    public private(set) var names: [DefinedName] = []
    /// Registered styles, by `StyleID.index`.
    @exclusivity(unchecked) public private(set) var styles: [CellStyle] = []
    @exclusivity(unchecked) private var styleIndex: [CellStyle: StyleID] = [:]
    /// True when numbers show in Thai digits (through the number formats).
    public let thaiDigits: Bool
    /// Where each formula's text is rendered before it joins its sheet's.
    @exclusivity(unchecked) private var scratch = ByteWriter()

    /// An empty workbook; with `keepFormulas`, every formula is kept for `staleFormulas`.
    public init(properties: DocumentProperties, thaiDigits: Bool, keepFormulas: Bool = false) {
        self.properties = properties
        self.thaiDigits = thaiDigits
        retained = keepFormulas ? [:] : nil
    }

    deinit { scratch.free() }

    /// Adds a sheet at the end of the tab order.
    public func addSheet(_ name: String) -> Worksheet {
        let sheet = Worksheet(id: SheetID(index: sheets.count), name: name)
        sheets.append(sheet)
        quotedNames.append(Array(Formula.quotedSheet(name).utf8))
        tabOrder.append(sheet.id)
        return sheet
    }

    /// The sheet of an id.
    public func sheet(_ id: SheetID) -> Worksheet { sheets[id.index] }

    /// Cells set in all sheets.
    public var cellCount: Int {
        sheets.reduce(0) { total, sheet in total + sheet.rows.reduce(0) { $0 + $1.count { $0 != nil } } }
    }

    /// The sheet with that name.
    public func sheet(named name: String) -> Worksheet? { sheets.first { $0.name == name } }

    /// Sheet names by `SheetID.index`, as formulas name them.
    public var sheetNames: [String] { sheets.map(\.name) }

    /// The id of a style, registering it the first time.
    public func style(_ style: CellStyle) -> StyleID {
        if let id = styleIndex[style] { return id }
        let id = StyleID(index: styles.count)
        styles.append(style)
        styleIndex[style] = id
        return id
    }

    /// Sets a cell's content.
    public func set(_ ref: CellRef, _ content: consuming CellContent, _ style: StyleID) {
        sheets[ref.sheet.index].store(Cell(content: content, style: style), ref.row, ref.column)
    }

    /// Sets a formula cell; its cached value is the formula evaluated now, over the cells already set.
    @discardableResult
    public func set(_ ref: CellRef, formula: Formula, _ style: StyleID) -> Value {
        let value = formula.evaluate(in: self)
        let sheet = sheets[ref.sheet.index]
        let text = sheet.addFormula(formula, names: quotedNames, scratch: &scratch)
        sheet.store(Cell(content: .formula(text, cached: value), style: style), ref.row, ref.column)
        retained?[ref] = formula
        return value
    }

    /// Merges a range: the content goes in its first cell, the style on every cell (so borders show
    /// all round).
    public func merge(_ first: CellRef, _ last: CellRef, _ content: CellContent, _ style: StyleID) {
        let sheet = sheets[first.sheet.index]
        for row in first.row...last.row {
            for column in first.column...last.column where row != first.row || column != first.column {
                sheet.store(Cell(content: .blank, style: style), row, column)
            }
        }
        sheet.store(Cell(content: content, style: style), first.row, first.column)
        if first != last { sheet.addMerge(CellRange(first, last)) }
    }

    /// Makes a row `count` rows tall: each of its cells is merged down over the rows below (a merged
    /// range of the row grows down with it), so that a text the row could only hold past Excel's tallest
    /// row (409 pt) continues on the rows below. Formulas keep referring to the row's own cells.
    public func extendDown(_ sheet: Worksheet, row: Int, rows count: Int) {
        guard count > 1, row < sheet.rows.count else { return }
        let last = row + count - 1
        var covered = Set<Int>()
        for range in sheet.growMerges(onRow: row, to: last) {
            let style = sheet[row, range.first.column]?.style ?? StyleID(index: 0)
            for r in (row + 1)...last {
                for c in range.first.column...range.last.column { set(CellRef(sheet.id, r, c), .blank, style) }
            }
            covered.formUnion(range.first.column...range.last.column)
        }
        for (c, cell) in sheet.rows[row].enumerated() where !covered.contains(c) {
            guard let cell else { continue }
            merge(CellRef(sheet.id, row, c), CellRef(sheet.id, last, c), cell.content, cell.style)
        }
    }

    /// Sets every cell of a block that has nothing yet to a styled blank (borders all round).
    public func fillBlanks(_ sheet: Worksheet, rows: ClosedRange<Int>, columns: ClosedRange<Int>, _ style: StyleID) {
        for r in rows {
            for c in columns where sheet[r, c] == nil { sheet.store(Cell(content: .blank, style: style), r, c) }
        }
    }

    /// Adds a defined name.
    public func define(_ name: String, _ cell: CellRef, localTo scope: SheetID? = nil) {
        names.append(DefinedName(name: name, scope: scope, cell: cell))
    }

    /// The cell a defined name points to (workbook-wide, or local to `scope`).
    public func cell(named name: String, localTo scope: SheetID? = nil) -> CellRef? {
        names.first { $0.name == name && $0.scope == scope }?.cell
    }

    public func value(at ref: CellRef) -> Value {
        guard ref.sheet.index < sheets.count else { return .error(.value) }
        return sheets[ref.sheet.index][ref.row, ref.column]?.value ?? .empty
    }

    public func sortedNumbers(_ first: CellRef, _ last: CellRef) -> Result<[Double], SpreadsheetError>? {
        guard first.sheet.index < sheets.count else { return nil }
        return sheets[first.sheet.index].sortedNumbers(first, last, self)
    }

    /// Evaluates every kept formula again (a workbook made with `keepFormulas`), over the finished
    /// workbook: a formula whose result now differs from its cached value referred to a cell set after
    /// it. Empty when the workbook is consistent (a check for tests; the layout never depends on it).
    public func staleFormulas() -> [(CellRef, cached: Value, now: Value)] {
        var stale: [(CellRef, Value, Value)] = []
        for (ref, formula) in retained ?? [:] {
            let cached = value(at: ref)
            let now = formula.evaluate(in: self)
            if now != cached { stale.append((ref, cached, now)) }
        }
        return stale.sorted { ($0.0.sheet.index, $0.0.row, $0.0.column) < ($1.0.sheet.index, $1.0.row, $1.0.column) }
    }
}
