/// Horizontal alignment.
public enum HorizontalAlignment: Sendable, Hashable {
    case general, left, center, right
}

/// Borders around a cell.
public enum Borders: Sendable, Hashable {
    case none
    /// Thin on all four sides.
    case thin
    /// Thin on all sides, medium at the top (total rows).
    case totalTop
}

/// How a number is shown. Every format the workbooks use is a case, so that the layout can measure
/// what a cell will show (column widths that hold every number) and the writer can render its code.
public enum NumberFormat: Hashable, Sendable {
    /// As entered (weights, levels).
    case general
    /// Whole numbers with thousands separators (counts, progress marks).
    case integer
    /// A fixed number of decimals, with thousands separators: `#,##0.00`.
    case decimals(Int)
    /// A percentage already multiplied by 100, with a `%` sign: `93.23%`.
    case percent
    /// A fixed label before the number: `(B)=85.00`.
    case labelled(String, decimals: Int)
    /// A signed change: `+0.1250`.
    case change(decimals: Int)
    /// A date with the Buddhist-Era year: `15/4/2564`.
    case date

    /// The Excel format code; with `thaiDigits`, digits are drawn as Thai digits through the locale
    /// prefix `[$-D00041E]` (numeral system 0D, Thai), which Excel and LibreOffice both honour.
    public func code(thaiDigits: Bool) -> String {
        let prefix = thaiDigits ? "[$-D00041E]" : ""
        switch self {
        case .general: return thaiDigits ? prefix + "General" : "General"
        case .integer: return prefix + "#,##0"
        case .decimals(let n): return prefix + "#,##0" + NumberFormat.fraction(n)
        case .percent: return prefix + "#,##0.00\"%\""
        case .labelled(let label, let n): return prefix + "\"" + label + "\"#,##0" + NumberFormat.fraction(n)
        case .change(let n):
            // The locale prefix in every section: LibreOffice honours it only in the section it opens.
            let body = "0" + NumberFormat.fraction(n)
            return prefix + "+" + body + ";" + prefix + "-" + body + ";" + prefix + body
        case .date:
            // Thai locale, Buddhist calendar, Arabic digits (LibreOffice ignores a Thai-digit date code).
            return "[$-107041E]d/m/yyyy"
        }
    }

    private static func fraction(_ n: Int) -> String { n > 0 ? "." + String(repeating: "0", count: n) : "" }

    /// The text a spreadsheet shows for `x` in this format (Arabic digits), for measuring widths.
    public func shown(_ x: Double) -> String {
        switch self {
        case .general: return NumberFormat.general(x)
        case .integer: return NumberFormat.grouped(x, decimals: 0)
        case .decimals(let n): return NumberFormat.grouped(x, decimals: n)
        case .percent: return NumberFormat.grouped(x, decimals: 2) + "%"
        case .labelled(let label, let n): return label + NumberFormat.grouped(x, decimals: n)
        case .change(let n): return (x > 0 ? "+" : "") + NumberFormat.grouped(x, decimals: n, grouping: false)
        case .date: return "30/12/2566"
        }
    }

    /// General format: up to 10 significant digits, no trailing zeros.
    static func general(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e11 { return String(Int64(x)) }
        let rounded = SpreadsheetMath.round(x, max(0, 9 - SpreadsheetMath.log10Floor(abs(x) == 0 ? 1 : abs(x))))
        var text = grouped(rounded, decimals: 10, grouping: false)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// `x` with `decimals` decimals, half away from zero, thousands grouped with commas.
    static func grouped(_ x: Double, decimals: Int, grouping: Bool = true) -> String {
        let scaled = (abs(SpreadsheetMath.round(x, decimals)) * SpreadsheetMath.power10(decimals)).rounded()
        guard scaled.isFinite, scaled < 9e18 else { return (x < 0 ? "-" : "") + "##########" }
        // Below 9e18: at most 19 digits (or zeros up to one before the decimal point), and the text — a
        // sign, a comma per three digits, a point — is written on the stack from the start while the
        // digits wait at the end, and made a string once.
        let size = 64 + 2 * max(0, decimals), last = size - 1
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { buffer in
            // The digits, least significant first, at the end of the buffer.
            var n = UInt64(scaled), count = 0
            repeat {
                buffer[last - count] = UInt8(0x30 + n % 10)
                n /= 10
                count += 1
            } while n > 0
            while count <= decimals {
                buffer[last - count] = 0x30
                count += 1
            }
            func digit(_ k: Int) -> UInt8 { buffer[last - k] } // k-th digit from the least significant
            let integerCount = count - decimals
            var length = 0
            func put(_ byte: UInt8) {
                buffer[length] = byte
                length += 1
            }
            if x < 0 && scaled != 0 { put(0x2D) }
            for i in 0..<integerCount {
                if grouping && i > 0 && (integerCount - i) % 3 == 0 { put(0x2C) }
                put(digit(count - 1 - i))
            }
            if decimals > 0 {
                put(0x2E)
                for k in stride(from: decimals - 1, through: 0, by: -1) { put(digit(k)) }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<length]), as: UTF8.self)
        }
    }
}

/// The look of a cell. Every style uses the workbook's font (TH Sarabun New); only the size varies.
public struct CellStyle: Sendable, Hashable {
    public var bold = false
    public var italic = false
    /// Font size in points.
    public var fontSize = 16.0
    /// Font colour as RGB; nil = automatic (black).
    public var fontColor: UInt32?
    /// Background colour as RGB (screen-only sheets; official sheets print black on white).
    public var fill: UInt32?
    public var horizontal: HorizontalAlignment = .general
    /// Vertical alignment: true = top, false = centre.
    public var alignTop = true
    public var wrap = false
    public var borders: Borders = .none
    /// Indent level.
    public var indent = 0
    /// How numbers show.
    public var numberFormat: NumberFormat = .general

    /// A plain style.
    public init() {}

    /// A copy changed by `change`.
    public func with(_ change: (inout CellStyle) -> Void) -> CellStyle {
        var copy = self
        change(&copy)
        return copy
    }
}

/// A style registered in a workbook: the writer creates one format per id.
public struct StyleID: Hashable, Sendable {
    /// Position in `Workbook.styles`.
    public let index: Int
}
