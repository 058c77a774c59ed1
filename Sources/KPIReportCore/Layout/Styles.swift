/// The looks of the official tables, and the number formats, in one place.
public struct Styles: Sendable {
    /// Show numbers in Thai digits (through the number format; values are unchanged).
    public let thaiDigits: Bool

    /// Creates the style set.
    public init(thaiDigits: Bool) { self.thaiDigits = thaiDigits }

    // Colours (RGB).
    static let headerFill: UInt32 = 0xD9E2F3
    static let groupFill: UInt32 = 0xF2F2F2
    static let totalFill: UInt32 = 0xFFF2CC
    static let lowFont: UInt32 = 0x9C0006
    static let lowFill: UInt32 = 0xFFC7CE
    static let midFont: UInt32 = 0x9C5700
    static let midFill: UInt32 = 0xFFEB9C
    static let goodFont: UInt32 = 0x006100
    static let goodFill: UInt32 = 0xC6EFCE
    static let chartBlue: UInt32 = 0x2F5597
    static let chartOrange: UInt32 = 0xC55A11
    static let chartGreen: UInt32 = 0x548235
    static let chartGold: UInt32 = 0xBF9000

    /// A number format, in Thai digits when asked: `[$-D00041E]` (numeral system 0D = Thai digits,
    /// Thai locale) is read so by Excel and LibreOffice alike (LibreOffice ignores `[$-D07041E]`).
    public func format(_ code: String) -> String { thaiDigits ? "[$-D00041E]" + code : code }

    /// Scores: 4 decimals, as seed 001 prints them.
    public var score4: String { format("0.0000") }
    /// Annex scores and ratios: 2 decimals.
    public var decimal2: String { format("0.00") }
    /// Weights, counts, levels: as entered.
    public var general: String { format("General") }
    /// Baht.
    public var money: String { format("#,##0.00") }
    /// Whole numbers with separators.
    public var integer: String { format("#,##0") }
    /// A percentage already multiplied by 100 (A × 100 / B), shown with a % sign.
    public var percent: String { format("0.00\"%\"") }
    /// Dates as Thai offices write them, with the Buddhist-Era year (`[$-107041E]`: Thai locale, Thai
    /// Buddhist calendar), in Arabic digits: 15/4/2564.
    public var date: String { "[$-107041E]d/m/yyyy" }

    /// Title rows: bold, larger, centred.
    public var title: CellStyle { CellStyle().with { $0.bold = true; $0.fontSize = 18; $0.horizontal = .center; $0.wrap = true } }
    /// Sub-title rows: bold, centred.
    public var subtitle: CellStyle { CellStyle().with { $0.bold = true; $0.horizontal = .center; $0.wrap = true } }
    /// Table headers: bold, bordered, wrapped, centred, shaded.
    public var header: CellStyle {
        CellStyle().with { $0.bold = true; $0.borders = .thin; $0.wrap = true; $0.horizontal = .center; $0.fill = Styles.headerFill }
    }
    /// A text cell of a table.
    public var text: CellStyle { CellStyle().with { $0.borders = .thin; $0.wrap = true; $0.alignTop = true } }
    /// A centred text cell (ids, labels).
    public var centered: CellStyle { text.with { $0.horizontal = .center } }
    /// A number cell with a format.
    public func number(_ format: String) -> CellStyle {
        CellStyle().with { $0.borders = .thin; $0.horizontal = .right; $0.alignTop = true; $0.numberFormat = format }
    }
    /// A group heading row (มิติ, ด้าน, วัตถุประสงค์ / ◆ plan headings).
    public func group(depth: Int) -> CellStyle {
        CellStyle().with { $0.bold = true; $0.borders = .thin; $0.wrap = true; $0.fill = Styles.groupFill; $0.indent = max(0, depth) }
    }
    /// Total rows: bold, shaded, thick top border.
    public var totalText: CellStyle {
        CellStyle().with { $0.bold = true; $0.borders = .totalTop; $0.fill = Styles.totalFill; $0.wrap = true; $0.horizontal = .center }
    }
    /// Total numbers.
    public func totalNumber(_ format: String) -> CellStyle {
        CellStyle().with { $0.bold = true; $0.borders = .totalTop; $0.fill = Styles.totalFill; $0.horizontal = .right; $0.numberFormat = format }
    }
    /// Notes under a table: wrapped, no border.
    public var note: CellStyle { CellStyle().with { $0.wrap = true; $0.alignTop = true } }
    /// A muted remark (e.g. `รายงานรอบ ๑๒ เดือน`).
    public var remark: CellStyle { centered.with { $0.italic = true; $0.fontColor = 0x595959 } }

    /// Shading for scores below target (< 3), middling (3–4), good (≥ 4): used on score columns.
    public static func scoreBands(_ range: CellRange) -> [ConditionalFormat] {
        [ConditionalFormat(range: range, rule: .lessThan(3), fontColor: lowFont, fill: lowFill),
         ConditionalFormat(range: range, rule: .between(3, 3.99995), fontColor: midFont, fill: midFill)]
    }

    /// Shading for annex and success percentages below 80 %.
    public static func percentBands(_ range: CellRange) -> [ConditionalFormat] {
        [ConditionalFormat(range: range, rule: .lessThan(60), fontColor: lowFont, fill: lowFill),
         ConditionalFormat(range: range, rule: .between(60, 79.99999), fontColor: midFont, fill: midFill)]
    }
}

extension Worksheet {
    /// A title row: merged across the table, tall enough for its font and text.
    mutating func title(_ row: Int, through lastColumn: Int, _ text: String, _ style: CellStyle, width: Double) {
        merge(row, 0, to: row, lastColumn, .text(text), style)
        let size = style.fontSize ?? 16
        rowHeights[row] = Double(RowHeight.lines(text, width: width * 16 / size)) * size * 1.55 + 4
    }
}

/// Estimates how tall a wrapped row must be for its text to show.
enum RowHeight {
    /// Points for `lines` lines of the 16-point Thai font.
    static func points(lines: Int) -> Double { Double(max(1, lines)) * 24.75 + 2 }

    /// Lines needed for `text` in a column `width` characters wide (Thai text is measured by its
    /// spacing characters: vowels and tone marks above and below take no width).
    static func lines(_ text: String, width: Double) -> Int {
        let perLine = max(1, Int(width * 0.78))
        var total = 0, visible = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                total += max(1, (visible + perLine - 1) / perLine)
                visible = 0
            } else if !isCombining(scalar) {
                visible += 1
            }
        }
        return total + max(1, (visible + perLine - 1) / perLine)
    }

    private static func isCombining(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0E31, 0x0E34...0x0E3A, 0x0E47...0x0E4E: return true
        default: return false
        }
    }
}
