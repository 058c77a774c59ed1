/// A workbook as plain data: sheets of cells (text, numbers, dates, formulas with their cached
/// values), styles, merges, print setup, defined names and charts. The layout builders produce it;
/// the writer adapter turns it into an .xlsx file; tests read it directly.
public struct Workbook: Sendable {
    /// Document properties (File ▸ Properties).
    public var properties: DocumentProperties
    /// Sheets in tab order.
    public var sheets: [Worksheet]
    /// Defined names.
    public var names: [DefinedName]

    /// An empty workbook.
    public init(properties: DocumentProperties, sheets: [Worksheet] = [], names: [DefinedName] = []) {
        self.properties = properties
        self.sheets = sheets
        self.names = names
    }

    /// The sheet with that name.
    public func sheet(named name: String) -> Worksheet? { sheets.first { $0.name == name } }

    /// Resolves a defined name (global, or local to `sheet`) to its sheet and cell.
    public func resolve(name: String, sheet scope: String? = nil) -> (sheet: Worksheet, cell: Cell)? {
        guard let defined = names.first(where: { $0.name == name && $0.scope == scope }),
              let target = sheet(named: defined.sheet), let cell = target[defined.address] else { return nil }
        return (target, cell)
    }
}

/// File properties; `created` is fixed so that the same inputs give byte-identical files.
public struct DocumentProperties: Sendable, Equatable {
    public var title: String
    public var subject: String
    public var author: String
    public var company: String
    public var category: String
    public var keywords: String
    public var comments: String
    /// Creation time written into the file (seconds since 1970); a fixed value keeps output stable.
    public var created: Int

    /// Creates properties.
    public init(title: String, subject: String, author: String = "kpi-report", company: String = "",
                category: String = "", keywords: String = "", comments: String = "", created: Int) {
        self.title = title
        self.subject = subject
        self.author = author
        self.company = company
        self.category = category
        self.keywords = keywords
        self.comments = comments
        self.created = created
    }
}

/// A defined name pointing at one cell.
public struct DefinedName: Sendable, Equatable {
    /// The name, e.g. `Total_R6`.
    public let name: String
    /// The sheet it is local to; nil for a workbook-wide name.
    public let scope: String?
    /// The sheet of the cell.
    public let sheet: String
    /// The cell.
    public let address: CellAddress

    /// Creates a name.
    public init(name: String, scope: String? = nil, sheet: String, address: CellAddress) {
        self.name = name
        self.scope = scope
        self.sheet = sheet
        self.address = address
    }

    /// The formula the name stands for: `='รอบ ๖ เดือน'!$V$30`.
    public var formula: String { "=" + CellAddress.quotedSheet(sheet) + "!" + address.absolute }
}

/// A cell position, 0-based as the writer counts.
public struct CellAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 0-based row.
    public let row: Int
    /// 0-based column.
    public let column: Int

    /// Creates an address.
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Column letters: 0 → A, 26 → AA.
    public static func columnName(_ column: Int) -> String {
        var n = column + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// `C12`.
    public var description: String { CellAddress.columnName(column) + String(row + 1) }
    /// `$C$12`.
    public var absolute: String { "$" + CellAddress.columnName(column) + "$" + String(row + 1) }

    /// A sheet name as a formula refers to it: quoted when it is not a plain ASCII word.
    public static func quotedSheet(_ name: String) -> String {
        let plain = name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" }
            && !(name.first?.isNumber ?? true)
        return plain ? name : "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `'Sheet'!C12` — a reference from another sheet.
    public func on(_ sheet: String) -> String { CellAddress.quotedSheet(sheet) + "!" + description }

    public static func < (a: CellAddress, b: CellAddress) -> Bool { (a.row, a.column) < (b.row, b.column) }
}

/// A rectangular range.
public struct CellRange: Hashable, Sendable, CustomStringConvertible {
    /// Top-left cell.
    public let first: CellAddress
    /// Bottom-right cell.
    public let last: CellAddress

    /// Creates a range.
    public init(_ first: CellAddress, _ last: CellAddress) {
        self.first = first
        self.last = last
    }

    /// `C5:C20`.
    public var description: String { first == last ? first.description : "\(first):\(last)" }
    /// `'Sheet'!$C$5:$C$20`.
    public func absolute(on sheet: String) -> String {
        CellAddress.quotedSheet(sheet) + "!" + first.absolute + (first == last ? "" : ":" + last.absolute)
    }
}

/// What a cell holds.
public enum CellValue: Sendable, Equatable {
    /// Text, written as text always (a leading `=` stays literal).
    case text(String)
    /// A number.
    case number(Double)
    /// A date, shown with a date format.
    case date(CivilDate)
    /// A formula (with its leading `=`) and the value the program computed for it.
    case formula(String, cached: FormulaValue)
    /// Nothing, but styled (borders of an empty cell).
    case blank
}

/// The cached result of a formula.
public enum FormulaValue: Sendable, Equatable {
    case number(Double)
    case text(String)
}

/// A cell: value and style.
public struct Cell: Sendable, Equatable {
    /// The value.
    public var value: CellValue
    /// The look.
    public var style: CellStyle

    /// Creates a cell.
    public init(_ value: CellValue, _ style: CellStyle) {
        self.value = value
        self.style = style
    }

    /// The number the cell shows: the number, the date serial or the formula's cached number.
    public var number: Double? {
        switch value {
        case .number(let x): return x
        case .date(let d): return d.excelSerial
        case .formula(_, .number(let x)): return x
        default: return nil
        }
    }

    /// The text the cell shows, when it is text.
    public var text: String? {
        switch value {
        case .text(let s): return s
        case .formula(_, .text(let s)): return s
        default: return nil
        }
    }

    /// The formula, when the cell has one.
    public var formula: String? {
        if case .formula(let f, _) = value { return f }
        return nil
    }
}

/// Horizontal alignment.
public enum HorizontalAlignment: Sendable, Hashable {
    case general, left, center, right
}

/// Borders around a cell.
public enum Borders: Sendable, Hashable {
    case none
    /// Thin on all four sides.
    case thin
    /// Thin on all sides, thick at the top (total rows).
    case totalTop
}

/// The look of a cell. Every style uses the workbook's base font (`Workbook.font`).
public struct CellStyle: Sendable, Hashable {
    public var bold = false
    public var italic = false
    /// Font size in points; nil = the base size.
    public var fontSize: Double?
    /// Font colour as RGB; nil = automatic.
    public var fontColor: UInt32?
    /// Background colour as RGB.
    public var fill: UInt32?
    public var horizontal: HorizontalAlignment = .general
    /// Vertical alignment: true = top, false = centre.
    public var alignTop = false
    public var wrap = false
    public var borders: Borders = .none
    /// Indent level.
    public var indent = 0
    /// Number format code, e.g. `0.0000`; nil = General.
    public var numberFormat: String?

    /// A plain style.
    public init() {}

    /// A copy changed by `change`.
    public func with(_ change: (inout CellStyle) -> Void) -> CellStyle {
        var copy = self
        change(&copy)
        return copy
    }
}

/// A column's width and default style.
public struct ColumnFormat: Sendable, Equatable {
    /// First column (0-based).
    public let first: Int
    /// Last column.
    public let last: Int
    /// Width in characters.
    public let width: Double

    /// Creates a column format.
    public init(first: Int, last: Int? = nil, width: Double) {
        self.first = first
        self.last = last ?? first
        self.width = width
    }
}

/// Print setup of a sheet.
public struct PageSetup: Sendable, Equatable {
    /// A4 landscape when true, portrait otherwise.
    public var landscape = false
    /// Pages wide to fit to (1 = fit to one page wide); 0 = no fitting.
    public var fitWidth = 1
    /// Pages high to fit to (0 = as many as needed).
    public var fitHeight = 0
    /// Rows repeated at the top of every printed page (0-based, inclusive).
    public var repeatRows: ClosedRange<Int>?
    /// Footer text with `&P`/`&N` codes.
    public var footer = ThaiLabels.pageFooter
    /// Centre the print horizontally.
    public var centerHorizontally = true

    /// A default setup: A4 portrait, fit to one page wide, page-number footer.
    public init() {}
}

/// A conditional format over a range: a style applied when the cell value compares so.
public struct ConditionalFormat: Sendable, Equatable {
    /// How the value compares.
    public enum Rule: Sendable, Equatable {
        case lessThan(Double)
        case between(Double, Double)
    }

    /// Where.
    public let range: CellRange
    /// When.
    public let rule: Rule
    /// Font colour (RGB).
    public let fontColor: UInt32
    /// Background (RGB).
    public let fill: UInt32

    /// Creates a conditional format.
    public init(range: CellRange, rule: Rule, fontColor: UInt32, fill: UInt32) {
        self.range = range
        self.rule = rule
        self.fontColor = fontColor
        self.fill = fill
    }
}

/// A chart drawn over a sheet.
public struct Chart: Sendable, Equatable {
    /// The chart type.
    public enum Kind: Sendable, Equatable {
        case bar, column, line
    }

    /// One data series.
    public struct Series: Sendable, Equatable {
        /// Series name.
        public let name: String
        /// Category labels.
        public let categories: CellRange
        /// Values.
        public let values: CellRange
        /// Sheet of both ranges.
        public let sheet: String
        /// Fill or line colour (RGB).
        public let color: UInt32

        /// Creates a series.
        public init(name: String, sheet: String, categories: CellRange, values: CellRange, color: UInt32) {
            self.name = name
            self.sheet = sheet
            self.categories = categories
            self.values = values
            self.color = color
        }
    }

    public let kind: Kind
    public let title: String
    public let series: [Series]
    /// Top-left cell it is anchored at.
    public let anchor: CellAddress
    /// Size in pixels.
    public let width: Int
    public let height: Int
    /// Value axis bounds.
    public let minimum: Double?
    public let maximum: Double?
    /// Value axis title.
    public let valueAxisTitle: String
    /// Number format of data labels; nil = no labels.
    public let labelFormat: String?

    /// Creates a chart.
    public init(kind: Kind, title: String, series: [Series], anchor: CellAddress, width: Int, height: Int,
                minimum: Double? = nil, maximum: Double? = nil, valueAxisTitle: String = "", labelFormat: String? = nil) {
        self.kind = kind
        self.title = title
        self.series = series
        self.anchor = anchor
        self.width = width
        self.height = height
        self.minimum = minimum
        self.maximum = maximum
        self.valueAxisTitle = valueAxisTitle
        self.labelFormat = labelFormat
    }
}

/// A sheet.
public struct Worksheet: Sendable {
    /// Tab name (≤ 31 characters, none of `[]:*?/\`).
    public let name: String
    /// Cells, row by row: a dense grid (faster than hashing addresses for the sizes a report has).
    private var grid: [[Cell?]] = []
    /// Merged ranges; the top-left cell holds the value.
    public var merges: [CellRange] = []
    /// Column widths.
    public var columns: [ColumnFormat] = []
    /// Row heights in points, by row.
    public var rowHeights: [Int: Double] = [:]
    /// Height of every other row: one line of the 16-point Thai font.
    public var defaultRowHeight = 24.75
    /// Rows (top) and columns (left) frozen on screen.
    public var freeze: CellAddress?
    /// Print setup.
    public var page = PageSetup()
    /// Conditional formats.
    public var conditionalFormats: [ConditionalFormat] = []
    /// Charts.
    public var charts: [Chart] = []
    /// Every cell in row-then-column order.
    public var cells: [(address: CellAddress, cell: Cell)] {
        var all: [(CellAddress, Cell)] = []
        for (r, row) in grid.enumerated() {
            for (c, cell) in row.enumerated() {
                if let cell { all.append((CellAddress(row: r, column: c), cell)) }
            }
        }
        return all
    }

    /// The cell at an address.
    public subscript(_ address: CellAddress) -> Cell? {
        get {
            guard address.row < grid.count, address.column < grid[address.row].count else { return nil }
            return grid[address.row][address.column]
        }
        set {
            if address.row >= grid.count { grid.append(contentsOf: Array(repeating: [], count: address.row - grid.count + 1)) }
            if address.column >= grid[address.row].count {
                grid[address.row].append(contentsOf: Array(repeating: nil, count: address.column - grid[address.row].count + 1))
            }
            grid[address.row][address.column] = newValue
        }
    }

    /// An empty sheet.
    public init(name: String) { self.name = name }

    /// Sets a cell.
    public mutating func set(_ row: Int, _ column: Int, _ value: CellValue, _ style: CellStyle) {
        self[CellAddress(row: row, column: column)] = Cell(value, style)
    }

    /// Merges a range, putting the value in its first cell and the style on every cell (so borders
    /// show all round).
    public mutating func merge(_ row: Int, _ firstColumn: Int, to lastRow: Int, _ lastColumn: Int,
                               _ value: CellValue, _ style: CellStyle) {
        for r in row...lastRow {
            for c in firstColumn...lastColumn { set(r, c, .blank, style) }
        }
        set(row, firstColumn, value, style)
        if row != lastRow || firstColumn != lastColumn {
            merges.append(CellRange(CellAddress(row: row, column: firstColumn), CellAddress(row: lastRow, column: lastColumn)))
        }
    }

    /// The cell at a position.
    public subscript(_ row: Int, _ column: Int) -> Cell? { self[CellAddress(row: row, column: column)] }

    /// The cell at an A1 reference such as `C12`.
    public subscript(_ reference: String) -> Cell? {
        let letters = reference.prefix { $0.isLetter }
        guard let row = Int(reference.dropFirst(letters.count)) else { return nil }
        let column = letters.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
        return self[CellAddress(row: row - 1, column: column)]
    }
}
