import Synchronization

/// A `TextMeasure` that remembers its answers: the same headings, labels, method names and indicator
/// names come back in every unit's workbook, and measuring a Thai text (breaking it into words and
/// filling lines glyph by glyph) costs far more than looking it up. One memo serves every worker of a
/// run; it forgets everything when it grows past `limit` entries, so memory stays flat however many
/// units a run builds. The answers are the measure's own, so the workbooks do not depend on it.
public final class MeasureMemo: Sendable {
    /// The measure asked on a miss.
    public let measure: TextMeasure
    private let table = Mutex(Tables())
    /// Entries kept at most (a few megabytes).
    static let limit = 4_000

    private struct Tables {
        var lines: [LinesKey: Int] = [:]
        var widths: [WidthKey: Double] = [:]
        /// Texts split and broken, for measuring one text at several widths (a sheet laid out at
        /// several scales, the same name in several sheets).
        var prepared: [Bytes: TextMeasure.Prepared] = [:]
    }

    /// What decides a line count: the text, the widths of the columns it spans, its font and indent.
    private struct LinesKey: Hashable {
        let text: Bytes
        let widths: [Double]
        let size: Double
        let bold: Bool
        let italic: Bool
        let indent: Int
    }

    private struct WidthKey: Hashable {
        let text: Bytes
        let style: CellStyle
    }

    /// A text compared and hashed by its UTF-8 bytes: String's own equality and hashing follow
    /// canonical equivalence, which for Thai means normalizing both sides every time. The measure sees
    /// the scalars as written, so the bytes are the right identity here.
    struct Bytes: Hashable {
        let text: String

        static func == (a: Bytes, b: Bytes) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }

        func hash(into hasher: inout Hasher) {
            var text = self.text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    /// Remembers `measure`'s answers.
    public init(_ measure: TextMeasure) { self.measure = measure }

    /// Lines `text` takes in a cell spanning columns of these widths (character units), wrapped.
    func lines(_ text: String, columnWidths widths: [Double], style: CellStyle) -> Int {
        let key = LinesKey(text: Bytes(text: text), widths: widths, size: style.fontSize, bold: style.bold, italic: style.italic, indent: style.indent)
        if let known = table.withLock({ $0.lines[key] }) { return known }
        guard style.wrap else { return measure.lines(text, columnWidths: widths, style: style) }
        let prepared = table.withLock({ $0.prepared[key.text] }) ?? measure.prepare(text)
        let lines = measure.lines(prepared, columnWidths: widths, style: style)
        table.withLock {
            if $0.lines.count >= MeasureMemo.limit { $0.lines.removeAll(keepingCapacity: true) }
            $0.lines[key] = lines
            if $0.prepared.count >= MeasureMemo.limit / 4 { $0.prepared.removeAll(keepingCapacity: true) }
            $0.prepared[key.text] = prepared
        }
        return lines
    }

    /// The narrowest column (character units) that shows `text` whole.
    func columnWidth(for text: String, style: CellStyle) -> Double {
        let key = WidthKey(text: Bytes(text: text), style: style)
        if let known = table.withLock({ $0.widths[key] }) { return known }
        let width = measure.columnWidth(for: text, style: style)
        table.withLock {
            if $0.widths.count >= MeasureMemo.limit { $0.widths.removeAll(keepingCapacity: true) }
            $0.widths[key] = width
        }
        return width
    }

    /// Height in points of a row of `lines` lines, as printed (see `TextMeasure.printedRowHeight`).
    func rowHeight(lines: Int, fontSize: Double) -> Double { measure.printedRowHeight(lines: lines, fontSize: fontSize) }
}
