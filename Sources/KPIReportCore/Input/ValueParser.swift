/// Reads the values of CSV cells as Thai offices write them (SPEC §1): numbers with Thai digits,
/// thousands separators, a trailing `%` and surrounding spaces; `-` or empty for "no value"; ISO dates
/// and unambiguous Thai Buddhist-Era dates.
public enum ValueParser {
    /// A cell that is not a value of the expected kind; the message says what was expected.
    public struct Invalid: Error, Equatable, Sendable {
        /// What is wrong, for the user.
        public let message: String
    }

    /// True when the cell means "no value": empty or a lone dash.
    public static func isEmpty(_ raw: String) -> Bool {
        guard let first = raw.utf8.first else { return true }
        // A cell that starts with a visible ASCII character other than a dash has a value.
        if first > 0x20 && first < 0x7F && first != 0x2D { return false }
        let t = raw.trimmingASCIIAndThaiSpaces()
        return t.isEmpty || t == "-" || t == "–" || t == "—"
    }

    /// A number, or nil for "no value".
    ///
    /// Accepts `92.5`, `92.50%`, `1,880,000.00`, `๙๒.๕`, ` 5 `, `-3`. Commas must group thousands
    /// (`1,5` is refused: it could be a decimal comma).
    public static func number(_ raw: String) throws(Invalid) -> Double? {
        if raw.isEmpty { return nil }
        // Most cells are plain ASCII numbers (`92.5`, `4`): read them without building new strings.
        let plain = raw.utf8.count <= 17 && raw.utf8.withContiguousStorageIfAvailable { bytes in
            var dots = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                if b == 0x2E {
                    dots += 1
                    if dots > 1 || bytes.count == 1 { return false }
                } else if !(b >= 0x30 && b <= 0x39) && !(b == 0x2D && i == 0 && bytes.count > 1) {
                    return false
                }
            }
            return true
        } == true
        if plain, let x = exactDecimal(raw) ?? Double(raw) { return x }
        if isEmpty(raw) { return nil }
        var text = ThaiDigits.toASCII(raw.trimmingASCIIAndThaiSpaces())
        if text.hasSuffix("%") { text = String(text.dropLast()).trimmingASCIIAndThaiSpaces() }
        var sign = ""
        if let first = text.first, first == "-" || first == "+" || first == "\u{2212}" {
            sign = first == "+" ? "" : "-"
            text = String(text.dropFirst()).trimmingASCIIAndThaiSpaces()
        }
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, let integerPart = pieces.first else { throw notANumber(raw) }
        let fraction = pieces.count == 2 ? pieces[1] : ""
        guard fraction.allSatisfy(\.isASCIIDigit) else { throw notANumber(raw) }
        var digits = ""
        if integerPart.contains(",") {
            let groups = integerPart.split(separator: ",", omittingEmptySubsequences: false)
            guard let head = groups.first, (1...3).contains(head.count),
                  groups.dropFirst().allSatisfy({ $0.count == 3 }),
                  groups.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { throw notANumber(raw) }
            digits = groups.joined()
        } else {
            guard integerPart.allSatisfy(\.isASCIIDigit) else { throw notANumber(raw) }
            digits = String(integerPart)
        }
        guard !(digits.isEmpty && fraction.isEmpty), digits.count + fraction.count <= 30,
              let value = Double(sign + (digits.isEmpty ? "0" : digits) + (fraction.isEmpty ? "" : "." + fraction)),
              value.isFinite else { throw notANumber(raw) }
        return value
    }

    /// A plain decimal (`92.5`, `-3`, `.5`) of at most 15 digits, read from its bytes: its digits as
    /// an integer, which a double holds exactly, divided by an exact power of ten — the one rounding
    /// IEEE division makes is the correctly rounded value, what `Double(_:)` gives. Nil otherwise.
    static func exactDecimal(_ raw: String) -> Double? {
        let value: Double?? = raw.utf8.withContiguousStorageIfAvailable { bytes -> Double? in
            var mantissa: UInt64 = 0, digits = 0, decimals = 0, seenDot = false, negative = false
            for (i, b) in bytes.enumerated() {
                if b == 0x2D && i == 0 {
                    negative = true
                } else if b == 0x2E && !seenDot {
                    seenDot = true
                } else if b >= 0x30 && b <= 0x39 {
                    mantissa = mantissa * 10 + UInt64(b - 0x30)
                    digits += 1
                    if seenDot { decimals += 1 }
                } else {
                    return nil
                }
            }
            guard digits > 0, digits <= 15 else { return nil }
            let x = Double(mantissa) / exactPowersOfTen[decimals]
            return negative ? -x : x
        }
        return value ?? nil
    }

    /// 10⁰ … 10¹⁵, each exact.
    private static let exactPowersOfTen: [Double] = (0...15).map { SpreadsheetMath.power10($0) }

    private static func notANumber(_ raw: String) -> Invalid {
        Invalid(message: "\"\(shown(raw))\" is not a number (write e.g. 92.5, 92.5%, 1,880,000.00 or ๙๒.๕; - or empty for no value)")
    }

    /// A date, or nil for "no value".
    ///
    /// Accepts ISO `2024-02-07` (a year from 2400 is read as Buddhist Era: `2567-02-07`), Thai dates
    /// with a month name or abbreviation and a BE year (`๗ ก.พ. ๒๕๖๗`, `7 กุมภาพันธ์ 2567`), and
    /// day/month/year with a BE year (`7/2/2567`). A slash date with a Christian-era year is refused:
    /// `7/2/2024` could be 7 February or 2 July.
    public static func date(_ raw: String) throws(Invalid) -> CivilDate? {
        func make(_ y: Int, _ m: Int, _ d: Int, buddhist: Bool) throws(Invalid) -> CivilDate {
            let year = buddhist ? y - 543 : y
            guard let date = CivilDate(validatingYear: year, month: m, day: d) else {
                throw Invalid(message: "\"\(shown(raw))\" is not a valid date")
            }
            return date
        }
        // Most cells are ISO dates written by a program (`2024-02-07`): read them from the bytes.
        if raw.utf8.count == 10, let iso = isoDate(raw.utf8) { return try make(iso.y, iso.m, iso.d, buddhist: iso.y >= 2400) }
        if isEmpty(raw) { return nil }
        let text = ThaiDigits.toASCII(raw.trimmingASCIIAndThaiSpaces())
        let dashed = text.split(separator: "-", omittingEmptySubsequences: false)
        if dashed.count == 3, dashed.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
           dashed[0].count == 4, let y = Int(dashed[0]), let m = Int(dashed[1]), let d = Int(dashed[2]) {
            return try make(y, m, d, buddhist: y >= 2400)
        }
        let slashed = text.split(separator: "/", omittingEmptySubsequences: false)
        if slashed.count == 3, slashed.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
           let d = Int(slashed[0]), let m = Int(slashed[1]), let y = Int(slashed[2]) {
            if y >= 2400 { return try make(y, m, d, buddhist: true) }
            throw Invalid(message: "\"\(shown(raw))\" is ambiguous (day/month or month/day?); write it as \(y)-MM-DD or with a Buddhist-Era year, e.g. 7/2/2567")
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" })
        if words.count == 3, let d = Int(words[0]), let y = Int(words[2]),
           let m = ThaiLabels.monthNumber(String(words[1])) {
            let year = y < 100 ? 2500 + y : y
            return try make(year, m, d, buddhist: year >= 2400)
        }
        throw Invalid(message: "\"\(shown(raw))\" is not a date (write 2024-02-07, ๗ ก.พ. ๒๕๖๗ or 7/2/2567)")
    }

    /// `dddd-dd-dd` in ASCII digits, as numbers.
    private static func isoDate(_ bytes: String.UTF8View) -> (y: Int, m: Int, d: Int)? {
        let read: (y: Int, m: Int, d: Int)?? = bytes.withContiguousStorageIfAvailable { bytes in
            var y = 0, m = 0, d = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                if i == 4 || i == 7 {
                    guard b == 0x2D else { return nil }
                    continue
                }
                guard b >= 0x30 && b <= 0x39 else { return nil }
                let digit = Int(b - 0x30)
                if i < 4 { y = y * 10 + digit } else if i < 7 { m = m * 10 + digit } else { d = d * 10 + digit }
            }
            return (y, m, d)
        }
        return read ?? nil
    }

    static func shown(_ raw: String) -> String { TextCell.shown(raw) }
}

/// Text of a cell as messages quote it.
enum TextCell {
    /// A cell's text cut to a length that fits in a message, control characters shown as `?`.
    static func shown(_ raw: String) -> String {
        let t = raw.trimmingASCIIAndThaiSpaces()
        var out = ""
        var count = 0
        for scalar in t.unicodeScalars {
            if count == 40 { return out + "…" }
            out.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? "?" : scalar)
            count += 1
        }
        return out
    }

    /// The most characters a cell can hold (Excel's limit).
    static let maximumLength = 32_767
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
