/// Options of the workbook layouts.
public struct LayoutOptions: Sendable {
    /// Numbers and indicator numbers in Thai digits (through the number formats; values unchanged).
    public var thaiDigits: Bool
    /// How text is measured for row heights and column widths.
    public var measure: TextMeasure
    /// Keep every formula in the workbook model, so that a test can evaluate them all again.
    public var keepFormulas: Bool

    /// Creates options.
    public init(thaiDigits: Bool = false, measure: TextMeasure = TextMeasure(breaker: SpaceLineBreaker()), keepFormulas: Bool = false) {
        self.thaiDigits = thaiDigits
        self.measure = measure
        self.keepFormulas = keepFormulas
    }
}

/// The looks of the tables of one workbook, registered once: official sheets (summary, agreement,
/// annex, projects) print black on white like the seeds; working sheets and the overview may use
/// colour on screen.
final class Look {
    let book: Workbook
    let thaiDigits: Bool
    /// Measures text for row heights and column widths.
    let measure: MeasureMemo

    // Colours (RGB), screen-only sheets.
    static let headerFill: UInt32 = 0xD9E2F3
    static let totalFill: UInt32 = 0xFFF2CC
    static let lowFont: UInt32 = 0x9C0006
    static let lowFill: UInt32 = 0xFFC7CE
    static let midFont: UInt32 = 0x9C5700
    static let midFill: UInt32 = 0xFFEB9C
    static let chartColors: [UInt32] = [0x2F5597, 0xC55A11, 0x548235, 0xBF9000]
    static let remarkGrey: UInt32 = 0x595959

    let title: StyleID
    let subtitle: StyleID
    let plain: StyleID
    let note: StyleID
    let noteBold: StyleID

    init(book: Workbook, measure: MeasureMemo) {
        self.book = book
        self.measure = measure
        thaiDigits = book.thaiDigits
        title = book.style(CellStyle().with { $0.bold = true; $0.fontSize = 18; $0.horizontal = .center; $0.wrap = true; $0.alignTop = false })
        subtitle = book.style(CellStyle().with { $0.bold = true; $0.horizontal = .center; $0.wrap = true; $0.alignTop = false })
        plain = book.style(CellStyle())
        note = book.style(CellStyle().with { $0.wrap = true })
        noteBold = book.style(CellStyle().with { $0.bold = true })
    }

    /// A sheet's title as it should print: on one line when it fits across the page, else broken where
    /// the seeds break such titles (before `ประจำปีงบประมาณ`, then before `ของ…`), not in mid-phrase;
    /// each line that still does not fit is broken again at the next such place.
    func titleText(_ text: String, landscape: Bool) -> String {
        let printable = PageSetup().printableArea(landscape: landscape).width * 0.98
        let width = TextMeasure.columnWidth(ofPoints: printable)
        let style = book.styles[title.index]
        return measure.title(text, landscape: landscape, style: style) { laidOut(text, width: width, style: style) }
    }

    private func laidOut(_ text: String, width: Double, style: CellStyle) -> String {
        func fits(_ line: String) -> Bool { measure.fitsOnOneLine(line, columnWidths: [width], style: style) }
        // Each line with whether it fits, asked once: a line that fits is never split.
        var lines = [(text: text, fits: fits(text))]
        for marker in [" ประจำปีงบประมาณ", " ของ", "ของหน่วยงาน"] where lines.contains(where: { !$0.fits }) {
            // Found by its UTF-8 bytes, the last time it occurs after the first character: a match of
            // a whole character's bytes begins on a character, and the line is cut where the bytes lie.
            let m = Array(marker.utf8)
            lines = lines.flatMap { line -> [(text: String, fits: Bool)] in
                guard !line.fits else { return [line] }
                let bytes = Array(line.text.utf8)
                guard bytes.count > m.count,
                      let i = stride(from: bytes.count - m.count, through: 1, by: -1).first(where: { bytes[$0..<($0 + m.count)].elementsEqual(m) })
                else { return [line] }
                // A marker that starts with a space: the space becomes the line feed.
                let rest = m[0] == 0x20 ? i + 1 : i
                let head = String(decoding: bytes[..<i], as: UTF8.self), tail = String(decoding: bytes[rest...], as: UTF8.self)
                return [(head, fits(head)), (tail, fits(tail))]
            }
        }
        return lines.map(\.text).joined(separator: "\n")
    }

    /// Styles already registered, by what they were asked as: a lookup in a small table instead of
    /// hashing a whole style for every cell.
    @exclusivity(unchecked) private var cache: [StyleKey: StyleID] = [:]

    private enum StyleKey: Hashable {
        case header(Bool), text(Bool, Int, Bool), remark(Bool), number(NumberFormat, Bool, Bool), group(Int)
        case totalText(Bool, Bool), totalNumber(NumberFormat, Bool, Bool)
    }

    private func cached(_ key: StyleKey, _ make: () -> CellStyle) -> StyleID {
        // A sheet asks for a handful of styles over and over: those are compared before any hashing.
        for (known, id) in recent where known == key { return id }
        let id: StyleID
        if let found = cache[key] {
            id = found
        } else {
            id = book.style(make())
            cache[key] = id
        }
        if recent.count == 8 { recent.removeFirst() }
        recent.append((key, id))
        return id
    }

    /// The styles asked for last, newest at the end.
    @exclusivity(unchecked) private var recent: [(StyleKey, StyleID)] = []

    /// A table header cell.
    func header(screen: Bool = false) -> StyleID {
        cached(.header(screen)) { CellStyle().with {
            $0.bold = true; $0.borders = .thin; $0.wrap = true; $0.horizontal = .center; $0.alignTop = false
            if screen { $0.fill = Look.headerFill }
        } }
    }

    /// A text cell of a table.
    func text(center: Bool = false, indent: Int = 0, bold: Bool = false) -> StyleID {
        cached(.text(center, indent, bold)) { CellStyle().with {
            $0.borders = .thin; $0.wrap = true; $0.indent = indent; $0.bold = bold
            if center { $0.horizontal = .center }
        } }
    }

    /// A remark in place of a score (`รายงานรอบ ๑๒ เดือน`, `ไม่มีผลการดำเนินงาน`).
    func remark(screen: Bool = false) -> StyleID {
        cached(.remark(screen)) { CellStyle().with {
            $0.borders = .thin; $0.wrap = true; $0.horizontal = .center; $0.italic = true
            if screen { $0.fontColor = Look.remarkGrey }
        } }
    }

    /// A number cell.
    func number(_ format: NumberFormat, center: Bool = false, bold: Bool = false) -> StyleID {
        cached(.number(format, center, bold)) { CellStyle().with {
            $0.borders = .thin; $0.horizontal = center ? .center : .right; $0.numberFormat = format; $0.bold = bold
        } }
    }

    /// A section heading row (◆ …).
    func group(depth: Int) -> StyleID {
        cached(.group(depth)) { CellStyle().with { $0.bold = true; $0.borders = .thin; $0.wrap = true; $0.indent = min(depth, 3) } }
    }

    /// The label of a total row.
    func totalText(screen: Bool = false, left: Bool = false) -> StyleID {
        cached(.totalText(screen, left)) { CellStyle().with {
            $0.bold = true; $0.borders = .totalTop; $0.wrap = true; $0.horizontal = left ? .left : .center
            if screen { $0.fill = Look.totalFill }
        } }
    }

    /// The number of a total row.
    func totalNumber(_ format: NumberFormat, screen: Bool = false, center: Bool = false) -> StyleID {
        cached(.totalNumber(format, screen, center)) { CellStyle().with {
            $0.bold = true; $0.borders = .totalTop; $0.horizontal = center ? .center : .right; $0.numberFormat = format
            if screen { $0.fill = Look.totalFill }
        } }
    }

    /// An indicator's number as printed.
    func id(_ id: IndicatorID) -> String { thaiDigits ? ThaiDigits.toThai(id.value) : id.value }

    /// A count or number inside a label (`จำนวน ๖ ตัวชี้วัด`): Thai digits as the seeds print them.
    func count(_ n: Int) -> String { ThaiDigits.thai(n) }

    /// Shading for scores below 3 and from 3 to 4 (working sheets and overview).
    static func scoreBands(_ range: CellRange) -> [ConditionalFormat] {
        [ConditionalFormat(range: range, rule: .lessThan(3), fontColor: lowFont, fill: lowFill),
         ConditionalFormat(range: range, rule: .between(3, 3.99995), fontColor: midFont, fill: midFill)]
    }

    /// The format of a number as entered: whole numbers with separators, fractions with 2 decimals
    /// (more when the value has them, up to 4).
    static func asEntered(_ x: Double) -> NumberFormat {
        if x == x.rounded() { return .integer }
        for n in 2...4 where SpreadsheetMath.round(x, n) == x { return .decimals(n) }
        return .decimals(4)
    }
}

/// Hands out sheet names that follow Excel's rules: at most 31 characters, none of `[]:*?/\`, not
/// starting or ending with `'`, unique without regard to case.
struct SheetNames {
    private var taken = Set<String>()

    /// A valid, unused name as close to `proposed` as the rules allow.
    mutating func claim(_ proposed: String) -> String {
        // Byte by byte, as Excel and libxlsxwriter check a name (each of these characters is one ASCII
        // byte, never part of another character's UTF-8): a "/" or a "'" with a Thai mark after it is
        // still a "/" or a "'" (by characters it would be one character that is neither, and the name
        // refused).
        let bytes = proposed.utf8.map { b -> UInt8 in
            switch b {
            case 0x5B, 0x5D, 0x3A, 0x2A, 0x3F, 0x2F, 0x5C: return 0x5F // [ ] : * ? / \ -> _
            default: return b
            }
        }
        var first = 0, end = bytes.count
        while first < end && bytes[first] == 0x27 { first += 1 }
        while end > first && bytes[end - 1] == 0x27 { end -= 1 }
        let trimmed: ArraySlice<UInt8> = first < end ? bytes[first..<end] : Array("Sheet".utf8)[...]
        // Excel counts characters as UTF-16 units: a Thai vowel or tone mark counts as one.
        func prefix(_ count: Int) -> String {
            var units = 0
            var i = trimmed.startIndex
            while i < trimmed.endIndex {
                let lead = trimmed[i]
                let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                units += length == 4 ? 2 : 1
                if units > count { break }
                i += length
            }
            return String(decoding: trimmed[..<i], as: UTF8.self)
        }
        let base = prefix(31)
        var name = base
        var n = 2
        while taken.contains(name.lowercased()) {
            let suffix = " (\(n))"
            name = prefix(31 - suffix.utf16.count) + suffix
            n += 1
        }
        taken.insert(name.lowercased())
        return name
    }
}
