/// Remembers what measuring text has answered, for one worker: each text is prepared once (paragraphs,
/// break opportunities, glyph advances per font, `PreparedText`) and measured at any width from there;
/// a workbook names the same indicator on several sheets, and a summary is laid out at several scales.
/// Not shared between threads (no locking on the layout's hottest path): each worker has its own, and
/// since answers depend only on the text, the output does not depend on which worker measured what.
public final class MeasureMemo {
    /// The measure asked on a miss.
    public let measure: TextMeasure
    @exclusivity(unchecked) private var prepared: [TextKey: PreparedText] = [:]
    /// The table before it last filled up: a text asked again moves back (the labels every workbook
    /// shares stay prepared).
    @exclusivity(unchecked) private var older: [TextKey: PreparedText] = [:]
    @exclusivity(unchecked) private var widths: [WidthKey: Double] = [:]
    /// The same texts found by where their bytes are: a workbook asks for one indicator's name, held in
    /// one string, on every sheet, and the tool's own labels are strings of the program itself. Each entry
    /// keeps its string, so no other text can come to lie at that address while the entry is there.
    @exclusivity(unchecked) private var bySite: [UInt: (text: String, prepared: PreparedText)] = [:]
    /// Texts kept in each of the two tables (a few megabytes).
    static let limit = 400

    /// What a column width depends on: the text, its font (face and size) and its indent.
    private struct WidthKey: Hashable {
        let text: TextKey
        let bold: Bool
        let italic: Bool
        let fontSize: Double
        let indent: Int

        init(_ text: String, _ style: CellStyle) {
            self.text = TextKey(text: text)
            bold = style.bold
            italic = style.italic
            fontSize = style.fontSize
            indent = style.indent
        }
    }

    /// A text compared and hashed by its UTF-8 bytes: String's own equality and hashing follow
    /// canonical equivalence, which for Thai means normalizing both sides every time. The measure sees
    /// the scalars as written, so the bytes are the right identity here.
    struct TextKey: Hashable {
        let text: String
        /// The text's bytes folded (`FoldedHash`), worked out once: a miss looks in two tables.
        private let folded: UInt64

        init(text: String) {
            self.text = text
            var text = text
            folded = text.withUTF8 { FoldedHash.of(UnsafeRawBufferPointer($0)) }
        }

        static func == (a: TextKey, b: TextKey) -> Bool {
            guard a.folded == b.folded, a.text.utf8.count == b.text.utf8.count else { return false }
            let fast = a.text.utf8.withContiguousStorageIfAvailable { x in
                b.text.utf8.withContiguousStorageIfAvailable { y in TextKey.same(UnsafeRawBufferPointer(x), UnsafeRawBufferPointer(y)) }
            }
            if let fast, let equal = fast { return equal }
            return a.text.utf8.elementsEqual(b.text.utf8)
        }

        /// Byte-equal buffers of the same length, compared eight bytes at a time.
        private static func same(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Bool {
            let n = x.count
            var i = 0
            while i + 8 <= n {
                if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
                i += 8
            }
            while i < n {
                if x[i] != y[i] { return false }
                i += 1
            }
            return true
        }

        /// Hashed as one word folded from the bytes (`FoldedHash`): a Thai text is hundreds of bytes and
        /// is looked up on every sheet that shows it. The table holds a few hundred of the tool's own
        /// layout texts, so a collision costs a comparison, nothing more.
        func hash(into hasher: inout Hasher) { hasher.combine(folded) }
    }

    /// Titles as laid out for the page (`Look.titleText`): a round's title is the same in every unit.
    @exclusivity(unchecked) private var titles: [TitleKey: String] = [:]

    private struct TitleKey: Hashable {
        let text: TextKey
        let landscape: Bool
        let style: CellStyle
    }

    /// The title `make` lays out for `text` on a page of that orientation in that style, made once.
    func title(_ text: String, landscape: Bool, style: CellStyle, _ make: () -> String) -> String {
        let key = TitleKey(text: TextKey(text: text), landscape: landscape, style: style)
        if let known = titles[key] { return known }
        let made = make()
        if titles.count >= MeasureMemo.limit { titles.removeAll(keepingCapacity: true) }
        titles[key] = made
        return made
    }

    /// A memo in front of `measure`.
    public init(_ measure: TextMeasure) { self.measure = measure }

    /// `text` prepared for measuring.
    func prepared(_ text: String) -> PreparedText {
        let site = MeasureMemo.site(text)
        if site != 0, let known = bySite[site], known.text.utf8.count == text.utf8.count { return known.prepared }
        let made = preparedByBytes(text)
        if site != 0 {
            if bySite.count >= MeasureMemo.limit { bySite.removeAll(keepingCapacity: true) }
            bySite[site] = (text, made)
        }
        return made
    }

    /// Where a string's bytes lie, when that identifies them for as long as the string lives: a string
    /// of more than 15 bytes holds them in storage of its own (or in the program's constants), while a
    /// shorter one holds them inline and would be copied to answer. 0 otherwise.
    private static func site(_ text: String) -> UInt {
        guard text.utf8.count > 15 else { return 0 }
        return text.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) } ?? 0
    }

    /// `prepared`, looked up by the text's bytes.
    private func preparedByBytes(_ text: String) -> PreparedText {
        let key = TextKey(text: text)
        if let known = prepared[key] { return known }
        let made = older[key] ?? measure.prepare(text)
        if prepared.count >= MeasureMemo.limit {
            older = prepared
            prepared = [:]
            prepared.reserveCapacity(MeasureMemo.limit)
        }
        prepared[key] = made
        return made
    }

    /// Whether `text` takes at most one line in a cell spanning columns of these widths.
    func fitsOnOneLine(_ text: String, columnWidths widths: [Double], style: CellStyle) -> Bool {
        prepared(text).fitsOnOneLine(columnWidths: widths[...], style: style)
    }

    /// The narrowest column (character units) that shows `text` whole.
    func columnWidth(for text: String, style: CellStyle) -> Double {
        let key = WidthKey(text, style)
        if let known = widths[key] { return known }
        let width = measure.columnWidth(for: text, style: style)
        if widths.count >= MeasureMemo.limit { widths.removeAll(keepingCapacity: true) }
        widths[key] = width
        return width
    }

    /// Height in points of a row of `lines` lines, as printed (see `TextMeasure.printedRowHeight`).
    func rowHeight(lines: Int, fontSize: Double) -> Double { measure.printedRowHeight(lines: lines, fontSize: fontSize) }
}
