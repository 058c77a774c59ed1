/// Where a line of text may break. Thai is written without spaces between words, so the places come
/// from a dictionary: the IO adapter uses ICU's line-break iterator with LibreOffice's own rules.
public protocol LineBreaker: Sendable {
    /// Offsets, in Unicode scalars from the start of `text`, at which a new line may begin, ascending,
    /// without 0. A mandatory break (a line feed) is the offset just after it.
    func lineBreakOpportunities(in text: [Unicode.Scalar]) -> [Int]
}

extension LineBreaker {
    /// The same, for a string.
    public func lineBreakOpportunities(in text: String) -> [Int] { lineBreakOpportunities(in: Array(text.unicodeScalars)) }
}

/// Breaks only after spaces and line feeds: the fallback where no dictionary is at hand (tests of
/// layout that do not look at heights). It over-estimates Thai lines.
public struct SpaceLineBreaker: LineBreaker {
    /// Creates the breaker.
    public init() {}

    /// Offsets just after each space and line feed.
    public func lineBreakOpportunities(in text: [Unicode.Scalar]) -> [Int] {
        var offsets: [Int] = []
        var i = 0
        for scalar in text {
            i += 1
            if scalar == " " || scalar == "\n" { offsets.append(i) }
        }
        return offsets
    }
}

/// Measures text as LibreOffice Calc lays it out in a cell, in TH Sarabun New (drawn on Linux as
/// Laksaman, which has the same metrics): how many lines a wrapped cell needs, how tall its row must be,
/// how wide a column must be to hold a number.
///
/// The measure repeats what LibreOffice 7.4 does when it computes a row's optimal height, because that
/// is what the officers' PDFs show: text laid out in screen pixels at 96 dpi (glyph advances rounded to
/// whole pixels at the font's whole-pixel size), the cell's paper width in pixels, lines filled and
/// broken the way its EditEngine does, heights converted back to twips. `Tests/Fixtures/text-metrics`
/// holds LibreOffice's own answers for thousands of cells (`scripts/calibrate-text-metrics`), and the
/// tests hold the measure to them.
public struct TextMeasure: Sendable {
    private let breaker: any LineBreaker

    /// A measure that breaks lines where `breaker` says.
    public init(breaker: any LineBreaker) { self.breaker = breaker }

    /// Lines a wrapped cell needs for `text` in a cell `width` character units wide. For a merged cell
    /// pass the columns' widths to `lines(_:columnWidths:style:)` instead: each column keeps the 5 pixels
    /// of padding libxlsxwriter adds to a width (about 6.2 pt in LibreOffice here) and LibreOffice rounds
    /// each to screen pixels, so the sum read as one column is narrower than the merged cell and this
    /// over-estimates (never under-estimates) its lines.
    public func lines(_ text: String, width: Double, style: CellStyle) -> Int {
        lines(text, columnWidths: [width], style: style)
    }

    /// Lines a wrapped cell needs for `text` in a cell spanning columns of these widths (character
    /// units; one width for a single cell). A cell that does not wrap shows one line per line feed.
    public func lines(_ text: String, columnWidths: [Double], style: CellStyle) -> Int {
        prepare(text).lines(columnWidths: columnWidths[...], style: style)
    }

    /// Splits `text` into paragraphs: what measuring it at any width starts from. Where a paragraph
    /// may break is found the first time it is measured at a width it does not fit on one line of
    /// (most short texts never are, and the dictionary is the costliest part of measuring).
    public func prepare(_ text: String) -> PreparedText {
        PreparedText(paragraphs: CellParagraph.split(text).map { CellParagraph($0, breaks: nil) }, measure: self)
    }

    /// The height in points of a row showing `lines` lines (at least one) of a font size: exactly the
    /// optimal height LibreOffice computes for them, in its twips.
    public func rowHeight(lines: Int, fontSize: Double) -> Double {
        CalcGeometry.rowHeight(lines: max(1, lines), fontPixels: CalcGeometry.fontPixels(points: fontSize))
    }

    /// The height a row of `lines` lines needs on paper. LibreOffice prints the lines of a cell a little
    /// further apart (26.5 pt at 16 pt; 1.6565 × the size, measured on its PDFs) than its optimal height
    /// counts them (about 26.1 pt), so from about four lines the foot of the last line would be cut off:
    /// a row of two lines or more is given the larger of the two. Never less than the optimal height,
    /// and at most a point or so more for the tallest rows.
    public func printedRowHeight(lines: Int, fontSize: Double) -> Double {
        let optimal = rowHeight(lines: lines, fontSize: fontSize)
        guard lines >= 2 else { return optimal }
        return max(optimal, 1 + Double(lines) * fontSize * TextMeasure.printedLinePitch)
    }

    /// Printed line pitch as a multiple of the font size (TH Sarabun New / Laksaman).
    static let printedLinePitch = 1.6565

    /// The column width (character units) a cell needs to show `text` on one line per line feed: the
    /// wider of what LibreOffice needs to print it rather than `###` (a number) and what its optimal
    /// row height needs to keep it on one line (wrapped text). Digits are measured as given, so pass
    /// Thai digits for a format with the Thai-digit prefix.
    public func columnWidth(for text: String, style: CellStyle) -> Double {
        let font = FontMetrics(style: style)
        let indentPoints = Double(style.indent) * Double(CalcGeometry.indentTwipsPerLevel) / 20
        var needed = 0.0
        for scalars in CellParagraph.split(text) {
            // Printed, the text has its unrounded width; LibreOffice printed every calibrated number in
            // a column of that width rounded up plus 2 or 3 points (the two 1-pt margins, and rounding
            // at the printer's resolution), and this also leaves the print slack of `lines`.
            let printed = font.nominalPoints(scalars).rounded(.up) + 3 + indentPoints
            let paragraph = CellParagraph(scalars, breaks: nil)
            let screen = CalcGeometry.pointsHolding(logicWidth: paragraph.singleLineLogic(font: font), indent: style.indent)
            needed = max(needed, printed, screen)
        }
        return TextMeasure.columnWidth(ofPoints: needed)
    }

    /// Points of a column `width` character units wide, as LibreOffice imports it here from a workbook
    /// whose Normal font is TH Sarabun New 16 (`XLSXWriter`): libxlsxwriter stores the width in units of
    /// 7 pixels (it counts Calibri 11's digits whatever the Normal font), and LibreOffice reads a unit as
    /// the Normal font's widest digit, Laksaman's 544/1000 em at 16 pt, 174 twips (8.7 pt); see
    /// `CalcGeometry.columnTwips`. Excel, with TH Sarabun New, reads the unit as its digit too.
    public static func points(ofColumnWidth width: Double) -> Double {
        Double(CalcGeometry.columnTwips(width)) / 20
    }

    /// Character units, as libxlsxwriter's `worksheet_set_column` takes them, of the narrowest column
    /// LibreOffice makes at least `points` wide: the exact inverse of `points(ofColumnWidth:)` over the
    /// widths libxlsxwriter can write (whole pixels: 1/12 of a unit below 12 pixels, 1/7 above).
    public static func columnWidth(ofPoints points: Double) -> Double {
        guard points > 0 else { return 0 }
        let twips = points * 20 - 1e-6
        var pixels = max(1, Int(twips / Double(CalcGeometry.digitTwips) * 7) - 2)
        while pixels < CalcGeometry.maximumPixels && Double(CalcGeometry.columnTwips(pixels: pixels)) < twips { pixels += 1 }
        return CalcGeometry.width(pixels: pixels)
    }

    /// Break opportunities of one paragraph, as a mask over its scalars.
    func breaks(_ scalars: [Unicode.Scalar]) -> [Bool] {
        var mask = [Bool](repeating: false, count: scalars.count + 1)
        guard scalars.count > 1 else { return mask }
        for offset in breaker.lineBreakOpportunities(in: scalars) where offset > 0 && offset < scalars.count {
            mask[offset] = true
        }
        return mask
    }
}

/// A text split into paragraphs, as measuring it at any width starts from (each paragraph's break
/// opportunities found when it first overflows a line). It keeps, per font, each paragraph's glyph
/// advances, and the line counts already found, so a text measured again (in another sheet, at another
/// print scale) costs a comparison. Not shared between threads: each worker measures with its own
/// (`MeasureMemo`).
public final class PreparedText {
    /// The paragraphs; each one's break opportunities are found when it first needs them.
    @exclusivity(unchecked) private(set) var paragraphs: [CellParagraph]
    private let measure: TextMeasure
    @exclusivity(unchecked) private var fonts: [(key: FontMetrics.Key, advances: [CellParagraph.Advances])] = []
    /// Lines found, by what they were asked for: the font, the indent and the columns' widths (the
    /// room those leave is worked out only for a question not asked before).
    @exclusivity(unchecked) private var answers: [Answer] = []

    /// Lines found for a font, an indent and the columns' widths; up to four widths (a merged cell
    /// spans a few columns) are kept in the answer itself, more in an array of their own.
    private struct Answer {
        let key: FontMetrics.Key
        let indent: Int
        let count: Int
        let w0, w1, w2, w3: Double
        let more: [Double]?
        let lines: Int

        init(_ key: FontMetrics.Key, _ indent: Int, _ widths: ArraySlice<Double>, _ lines: Int) {
            self.key = key
            self.indent = indent
            count = widths.count
            let i = widths.startIndex
            w0 = count > 0 ? widths[i] : 0
            w1 = count > 1 ? widths[i + 1] : 0
            w2 = count > 2 ? widths[i + 2] : 0
            w3 = count > 3 ? widths[i + 3] : 0
            more = count > 4 ? Array(widths) : nil
            self.lines = lines
        }

        func answers(_ key: FontMetrics.Key, _ indent: Int, _ widths: ArraySlice<Double>) -> Bool {
            guard self.key == key, self.indent == indent, count == widths.count else { return false }
            if let more { return more.elementsEqual(widths) }
            let i = widths.startIndex
            return (count < 1 || w0 == widths[i]) && (count < 2 || w1 == widths[i + 1])
                && (count < 3 || w2 == widths[i + 2]) && (count < 4 || w3 == widths[i + 3])
        }
    }

    init(paragraphs: [CellParagraph], measure: TextMeasure) {
        self.paragraphs = paragraphs
        self.measure = measure
    }

    /// Lines the text needs, wrapped, in a cell spanning columns of these widths (a text that does not
    /// wrap shows one line per paragraph).
    func lines(columnWidths: ArraySlice<Double>, style: CellStyle) -> Int {
        guard style.wrap else { return paragraphs.count }
        let key = FontMetrics.Key(style)
        for answer in answers where answer.answers(key, style.indent, columnWidths) { return answer.lines }
        let (font, paper, printable) = geometry(columnWidths, style)
        let advances = self.advances(font)
        var total = 0
        for (i, advance) in advances.enumerated() {
            // A paragraph that fits on one line on the screen and on paper takes one: no break is asked.
            if !paragraphs[i].broken {
                if paragraphs[i].fitsOnOneLine(paperLogic: paper, availablePoints: printable, advances: advance) {
                    total += 1
                    continue
                }
                paragraphs[i].breaks = measure.breaks(paragraphs[i].scalars)
            }
            // The optimal height counts the screen layout's lines; the print layout (unrounded glyphs,
            // exact widths) almost always needs no more, but now and then one more: take the larger.
            let paragraph = paragraphs[i]
            total += max(paragraph.lineCount(paperLogic: paper, font: font, advances: advance),
                         paragraph.printedLineCount(availablePoints: printable, advances: advance))
        }
        if answers.isEmpty { answers.reserveCapacity(8) } // a text is asked in a few sheets, at a few scales
        answers.append(Answer(key, style.indent, columnWidths, total))
        return total
    }

    /// Whether the text takes at most one line in those columns: `lines(…) <= 1`, answered without
    /// finding where it could break (a title is asked this before it is split at a phrase).
    func fitsOnOneLine(columnWidths: ArraySlice<Double>, style: CellStyle) -> Bool {
        guard style.wrap, paragraphs.count == 1, !paragraphs[0].broken else { return lines(columnWidths: columnWidths, style: style) <= 1 }
        let (font, paper, printable) = geometry(columnWidths, style)
        return paragraphs[0].fitsOnOneLine(paperLogic: paper, availablePoints: printable, advances: advances(font)[0])
    }

    /// The font of a style, and the room for text in those columns: on the screen in Calc's logic
    /// units, and printed in points.
    private func geometry(_ columnWidths: ArraySlice<Double>, _ style: CellStyle) -> (font: FontMetrics, paper: Int, printable: Double) {
        (FontMetrics(style: style),
         CalcGeometry.logic(pixels: CalcGeometry.paperPixels(columnWidths: columnWidths, indent: style.indent)),
         CalcGeometry.printablePoints(columnWidths: columnWidths, indent: style.indent))
    }

    /// Each paragraph's advances in a font, laid out the first time it is asked.
    private func advances(_ font: FontMetrics) -> [CellParagraph.Advances] {
        if let known = fonts.first(where: { $0.key == font.key }) { return known.advances }
        let advances = paragraphs.map { $0.advances(font: font) }
        fonts.append((font.key, advances))
        return advances
    }
}

/// LibreOffice Calc's geometry when it computes an optimal row height (`ScColumn::GetNeededSize`):
/// a virtual screen device at 96 dpi, an EditEngine whose units are 1/100 mm, and the conversions
/// between them, each with its own rounding. The constants are this system's (LibreOffice 7.4.7,
/// Debian bookworm, TH Sarabun New drawn as Laksaman) for the workbooks `XLSXWriter` writes, whose
/// Normal font is TH Sarabun New 16; the fixtures that `scripts/calibrate-text-metrics` records (with
/// that Normal font) hold them to what LibreOffice does.
enum CalcGeometry {
    /// Pixels per twip across a row: 96 dpi (1000 twips are 67 pixels, so 0.067) divided by Calc's
    /// printer-to-screen factor (`ScDocShell::CalcOutputFactor`), which comes out here as 1.03442. The
    /// widths at which texts start to fit bound it to 0.0647686…0.0647766 in the fixtures (Normal font
    /// TH Sarabun New 16), and a recording with Calibri 11 as the Normal font fitted the same value: Calc
    /// takes the factor from its own default font (Liberation Sans 10 here), not from the workbook's
    /// Normal style.
    static let pixelsPerTwipX = 0.0647706
    /// Pixels per twip down a column: 0.067, with no factor.
    static let pixelsPerTwipY = 0.067
    /// The cell's margin on each side, in twips (Calc's default).
    static let cellMarginTwips = 20
    /// Indent per level, in twips, as LibreOffice imports an .xlsx here: three spaces of the Normal font,
    /// Laksaman's space (324/1000 em) at 16 pt rounded to 104 twips. Calc indents only left-aligned cells;
    /// libxlsxwriter makes an indented cell left-aligned unless it is right-aligned, and a right-aligned
    /// one is counted as indented anyway (it can only add a line).
    static let indentTwipsPerLevel = 312
    /// The Normal font's widest digit as LibreOffice's import measures it, in twips: Laksaman's digits
    /// are 544/1000 em, 174.08 twips at 16 pt, rounded. LibreOffice makes a column this many twips per
    /// unit of the width stored in the file.
    static let digitTwips = 174
    /// The widest column libxlsxwriter stores (255 units), in its pixels.
    static let maximumPixels = 1790

    /// Pixels of a column `width` character units wide, as libxlsxwriter counts them (Excel's rounding
    /// for Calibri 11: 12 a unit below one unit, else 7 a unit plus 5), whatever the Normal font.
    static func columnPixels(_ width: Double) -> Int {
        guard width > 0 else { return 0 }
        return width < 1 ? Int(width * 12 + 0.5) : Int(width * 7 + 0.5) + 5
    }

    /// The width libxlsxwriter passes for `pixels`, the inverse of `columnPixels`.
    static func width(pixels: Int) -> Double {
        pixels < 12 ? Double(pixels) / 12 : Double(pixels - 5) / 7
    }

    /// Twips of a column in LibreOffice: the width libxlsxwriter stores, its pixels over 7 truncated to
    /// 1/256 (`_worksheet_write_col_info`), times the Normal font's digit (`digitTwips`), rounded (no
    /// stored width falls on a half twip).
    static func columnTwips(_ width: Double) -> Int { columnTwips(pixels: columnPixels(width)) }

    /// Twips of a column of `pixels` libxlsxwriter pixels in LibreOffice.
    static func columnTwips(pixels: Int) -> Int {
        let stored = Int(Double(pixels) / 7 * 256) // the file's width in 1/256 units
        return (stored * digitTwips + 128) / 256
    }

    /// The width in screen pixels that LibreOffice gives a cell's text: each column's twips truncated
    /// to pixels, less both margins, one pixel for the grid line and the indent.
    static func paperPixels(columnWidths: some Collection<Double>, indent: Int) -> Int {
        var pixels = 0
        for width in columnWidths { pixels += Int(Double(columnTwips(width)) * pixelsPerTwipX) }
        pixels -= 2 * Int(Double(cellMarginTwips) * pixelsPerTwipX) + 1
        if indent > 0 { pixels -= Int(Double(indent * indentTwipsPerLevel) * pixelsPerTwipX) }
        return pixels
    }

    /// What printing takes beyond unrounded glyph widths, in points: at most a quarter point over
    /// 13 000 printed cells of the calibration; half a point keeps clear of it.
    static let printSlackPoints = 0.5

    /// The width in points a printed cell gives its text (exact column widths, less both margins, the
    /// indent and `printSlackPoints`).
    static func printablePoints(columnWidths: some Collection<Double>, indent: Int) -> Double {
        var twips = 0
        for width in columnWidths { twips += columnTwips(width) }
        twips -= 2 * cellMarginTwips + indent * indentTwipsPerLevel
        return Double(twips) / 20 - printSlackPoints
    }

    /// The points of the narrowest column libxlsxwriter can write whose paper is wider than
    /// `logicWidth` (1/100 mm).
    static func pointsHolding(logicWidth: Int, indent: Int) -> Double {
        var pixels = max(0, logicWidth * 96 / 2540)
        while logic(pixels: pixels) <= logicWidth { pixels += 1 }
        // Start below the answer (the paper is narrower than the column) and widen a pixel at a time.
        var column = max(1, Int(Double(pixels) / pixelsPerTwipX / Double(digitTwips) * 7) - 2)
        while column < maximumPixels && paperPixels(columnWidths: [width(pixels: column)], indent: indent) < pixels {
            column += 1
        }
        return Double(columnTwips(pixels: column)) / 20
    }

    /// Screen pixels to 1/100 mm, rounded half up, as VCL converts them.
    static func logic(pixels: Int) -> Int { (2 * pixels * 2540 / 96 + 1) / 2 }

    /// 1/100 mm to screen pixels, rounded half up.
    static func pixels(logic: Int) -> Int { (2 * logic * 96 / 2540 + 1) / 2 }

    /// The fewest pixels (at least 0) whose width in 1/100 mm, `logic(pixels:)`, is at least `target`.
    static func pixelsReaching(logic target: Int) -> Int {
        guard target > 0 else { return 0 }
        // logic(p) = ⌊(⌊5080 p / 96⌋ + 1) / 2⌋ ≥ t  ⇔  ⌊5080 p / 96⌋ ≥ 2t − 1  ⇔  5080 p ≥ 96 (2t − 1).
        return (96 * (2 * target - 1) + 5079) / 5080
    }

    /// The whole-pixel size LibreOffice draws a font of `points` at: points to twips, to 1/100 mm, to
    /// pixels, each rounded.
    static func fontPixels(points: Double) -> Int {
        let twips = Int((points * 20).rounded())
        return pixels(logic: (twips * 2540 + 720) / 1440)
    }

    /// A row of `lines` lines: each line the font's ascent plus descent in pixels, taken to 1/100 mm;
    /// the text's height back to pixels; both margins; then to twips, truncated, and points.
    static func rowHeight(lines: Int, fontPixels: Int) -> Double {
        let line = FontMetrics.linePixels(fontPixels: fontPixels)
        let text = pixels(logic: lines * logic(pixels: line))
        let margins = 2 * Int(Double(cellMarginTwips) * pixelsPerTwipY)
        let twips = Int(Double(text + margins) / pixelsPerTwipY)
        return Double(twips) / 20
    }
}

/// One paragraph of a cell (text between line feeds) as LibreOffice's EditEngine fills lines with it.
struct CellParagraph {
    /// The paragraph's scalars.
    let scalars: [Unicode.Scalar]
    /// `breaks[i]`: the line-break rules allow a line to begin at `i`. Empty until found (`broken`).
    var breaks: [Bool]
    /// `portionEnds[k]`: where the text portion that holds `k` ends (a portion begins where the script
    /// changes, `portionStarts`). EditEngine measures each portion on its own and converts its width to
    /// 1/100 mm, so portions round separately.
    private let portionEnds: [Int32]

    /// A paragraph with its break opportunities (none when the mask is not one per scalar and one
    /// more), or nil: not found yet, to be set before a line is broken (`PreparedText`).
    init(_ scalars: [Unicode.Scalar], breaks: [Bool]?) {
        self.scalars = scalars
        if let breaks {
            self.breaks = breaks.count == scalars.count + 1 ? breaks : [Bool](repeating: false, count: scalars.count + 1)
        } else {
            self.breaks = []
        }
        let starts = CellParagraph.portionStarts(scalars)
        var ends = [Int32](repeating: Int32(scalars.count), count: scalars.count)
        if scalars.count > 1 {
            for i in stride(from: scalars.count - 2, through: 0, by: -1) { ends[i] = starts[i + 1] ? Int32(i + 1) : ends[i + 1] }
        }
        portionEnds = ends
    }

    /// Where the text portion that begins at `k` ends (the next portion's start, or the paragraph's end).
    func portionEnd(from k: Int) -> Int { Int(portionEnds[k]) }

    /// Whether the break opportunities are known (every line count past the first line reads them).
    var broken: Bool { breaks.count == scalars.count + 1 }

    /// True when the paragraph overflows neither the screen's paper nor the printed width: exactly when
    /// `lineCount` and `printedLineCount` both find one line without looking for a break (their running
    /// widths only grow, so the whole paragraph's width decides).
    func fitsOnOneLine(paperLogic: Int, availablePoints: Double, advances: Advances) -> Bool {
        let n = scalars.count
        var used = 0
        var k = 0
        while k < n {
            let end = portionEnd(from: k)
            used += CalcGeometry.logic(pixels: advances.prefix[end] - advances.prefix[k])
            if used >= paperLogic { return false }
            k = end
        }
        var width = 0.0
        for j in 0..<n {
            width += advances.points[j]
            if width >= availablePoints { return false }
        }
        return true
    }

    /// The text's paragraphs: split at line feeds (a carriage return too), so "a\n" is two.
    static func split(_ text: String) -> [[Unicode.Scalar]] {
        var paragraphs: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        current.reserveCapacity(text.utf8.count) // no more scalars than bytes
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previous == "\r" {
                // \r\n: one break, already taken at \r
            } else if scalar == "\n" || scalar == "\r" {
                paragraphs.append(current)
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(scalar)
            }
            previous = scalar
        }
        paragraphs.append(current)
        return paragraphs
    }

    /// The paragraph's glyphs in one font: what filling lines adds up.
    struct Advances {
        /// `glyphStarts[i]`: a glyph begins at `i` (false inside a ligature); empty when a glyph begins at
        /// every scalar, as in most texts (see `glyphStart`).
        var glyphStarts: [Bool]
        /// Unrounded advances in points, as printed.
        var points: [Double]
        /// `prefix[i]`: the screen pixels of the scalars before `i`, each text portion laid out on its own
        /// (a ligature's width on its first character, 0 on the others): a run's pixels are a difference
        /// of two.
        var prefix: [Int]

        /// Whether a glyph begins at scalar `i`.
        func glyphStart(_ i: Int) -> Bool { glyphStarts.isEmpty || glyphStarts[i] }
    }

    /// The paragraph's advances in `font`. The pixels and glyph starts are laid out in scratch memory:
    /// what is kept is their running sums, and the glyph starts only when one is missing.
    func advances(font: FontMetrics) -> Advances {
        let n = scalars.count
        var points = [Double](repeating: 0, count: n)
        var prefix = [Int](repeating: 0, count: n + 1)
        var glyphStarts: [Bool] = []
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(n, 1)) { pixels in
            withUnsafeTemporaryAllocation(of: Bool.self, capacity: n + 1) { starts in
                pixels.initialize(repeating: 0)
                starts.initialize(repeating: true)
                scalars.withUnsafeBufferPointer { scalars in
                    points.withUnsafeMutableBufferPointer { points in
                        var k = 0
                        while k < n {
                            let end = portionEnd(from: k)
                            font.fill(scalars, from: k, to: end, pixels: UnsafeMutableBufferPointer(rebasing: pixels[k...]),
                                      glyphStarts: UnsafeMutableBufferPointer(rebasing: starts[k...]),
                                      points: UnsafeMutableBufferPointer(rebasing: points[k...]))
                            k = end
                        }
                    }
                }
                prefix.withUnsafeMutableBufferPointer { prefix in
                    for i in 0..<n { prefix[i + 1] = prefix[i] + Int(pixels[i]) }
                }
                if starts.contains(false) { glyphStarts = Array(starts) }
            }
        }
        return Advances(glyphStarts: glyphStarts, points: points, prefix: prefix)
    }

    /// Lines EditEngine makes of the paragraph on paper `paperLogic` (1/100 mm) wide
    /// (`ImpEditEngine::CreateLines` and `ImpBreakLine`), from its advances in `font`.
    func lineCount(paperLogic: Int, font: FontMetrics, advances cached: Advances) -> Int {
        let n = scalars.count
        var lines = 1
        var start = 0
        var fresh: [Int32] = []
        while true {
            // The first character whose end passes the paper, portion by portion.
            var used = 0
            var overflow: Int?
            var k = start
            while k < n {
                let end = portionEnd(from: k)
                // A line that begins inside a ligature: its portion laid out anew from there.
                let anew = k == start && !cached.glyphStart(k)
                if anew { font.advances(of: scalars, from: k, to: end, into: &fresh) }
                // The portion overflows at the first character at which its pixels so far, in 1/100 mm,
                // added to what the line holds reach the paper: at `limit` pixels (the width only grows).
                let limit = CalcGeometry.pixelsReaching(logic: paperLogic - used)
                let pixels: Int
                if anew {
                    let (sum, at) = fresh.withUnsafeBufferPointer { CellParagraph.run($0, from: 0, count: end - k, reaching: limit) }
                    if let at {
                        overflow = k + at
                        break
                    }
                    pixels = sum
                } else {
                    // The running sums are differences of the prefix sums, which only grow: the whole
                    // portion fits, or the first character that reaches the limit is found by halving.
                    pixels = cached.prefix[end] - cached.prefix[k]
                    if pixels >= limit {
                        overflow = CellParagraph.firstReaching(cached.prefix, from: k, to: end, limit: limit)
                        break
                    }
                }
                used += CalcGeometry.logic(pixels: pixels)
                k = end
            }
            guard let m = overflow else { return lines }
            // The blank that does not fit ends the line and hangs.
            let next = scalars[m] == " " ? m + 1 : breakOrChop(at: m, lineStart: start)
            if next >= n { return lines }
            lines += 1
            start = next
        }
    }

    /// The first `j` in `k..<end` with `prefix[j + 1] - prefix[k] >= limit` (there is one: the whole
    /// run reaches it).
    static func firstReaching(_ prefix: [Int], from k: Int, to end: Int, limit: Int) -> Int {
        let base = prefix[k]
        var low = k, high = end - 1
        while low < high {
            let mid = (low + high) / 2
            if prefix[mid + 1] - base >= limit { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// The sum of `count` advances from `start`, or the place (from `start`) where the running sum first
    /// reaches `limit`.
    @inline(__always)
    static func run(_ p: UnsafeBufferPointer<Int32>, from start: Int, count: Int, reaching limit: Int) -> (Int, Int?) {
        var pixels = 0
        for i in 0..<count {
            pixels += Int(p[start + i])
            if pixels >= limit { return (pixels, i) }
        }
        return (pixels, nil)
    }

    /// Where LibreOffice's `BreakIterator_Unicode::getLineBreak` ends a line whose character `m` does
    /// not fit: at `m` when a line may begin there, else at the break opportunity before it; never just
    /// after a slash (paths, "ก/ข") unless no whitespace is within 65 characters before it, and not at
    /// `m` itself after a slash either (measured against LibreOffice 7.4's answers in breaks.json).
    func lineBreak(at m: Int) -> Int {
        if breaks[m] && m > 0 && scalars[m - 1] != "/" { return m }
        var b = m - 1
        while b > 0 && !breaks[b] { b -= 1 }
        guard b > 0, scalars[b - 1] == "/" else { return max(b, 0) }
        var q = b - 1
        while q > 0 && b - q < 66 {
            q -= 1
            if CellParagraph.isBreakingWhitespace(scalars[q]) { return q + 1 }
        }
        return b
    }

    /// Lines the paragraph takes when printed, with unrounded glyph widths on `availablePoints`: the
    /// same filling and breaking as on screen.
    func printedLineCount(availablePoints: Double, advances: Advances) -> Int {
        let n = scalars.count
        var lines = 1
        var start = 0
        while true {
            let overflow: Int? = advances.points.withUnsafeBufferPointer { points in
                var width = 0.0
                for j in start..<n {
                    width += points[j]
                    if width >= availablePoints { return j }
                }
                return nil
            }
            guard let m = overflow else { return lines }
            let next = scalars[m] == " " ? m + 1 : breakOrChop(at: m, lineStart: start)
            if next >= n { return lines }
            lines += 1
            start = next
        }
    }

    /// Where a line that overflows at `m` ends: LibreOffice's break, or, with none in the line, a cut
    /// where it is full (at least one character).
    func breakOrChop(at m: Int, lineStart start: Int) -> Int {
        let b = lineBreak(at: m)
        return b > start ? b : (m > start ? m : start + 1)
    }

    /// Width in 1/100 mm of the whole paragraph on one line.
    func singleLineLogic(font: FontMetrics) -> Int {
        var total = 0
        var advances: [Int32] = []
        var k = 0
        while k < scalars.count {
            let end = portionEnd(from: k)
            font.advances(of: scalars, from: k, to: end, into: &advances)
            total += CalcGeometry.logic(pixels: advances.reduce(0) { $0 + Int($1) })
            k = end
        }
        return total
    }

    /// ICU's `u_isWhitespace`: spaces and separators except the no-break ones, and the C0 spaces.
    static func isBreakingWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x1C...0x1F: return true
        case 0x00A0, 0x2007, 0x202F: return false
        default:
            switch s.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
            default: return false
            }
        }
    }

    /// Where LibreOffice starts a new text portion (`ImpEditEngine::InitScriptTypes`): where the script
    /// class changes between Latin, complex (Thai) and Asian; weak characters (spaces, general
    /// punctuation) join the portion before them, except weak ones at the very start, which are a portion
    /// of their own; a mark after a weak character takes that character into its portion.
    static func portionStarts(_ scalars: [Unicode.Scalar]) -> [Bool] {
        var starts = [Bool](repeating: false, count: scalars.count + 1)
        guard let first = scalars.firstIndex(where: { ScriptClass.of($0) != .weak }) else { return starts }
        var current = ScriptClass.of(scalars[first])
        if first > 0 { starts[first] = true }
        var i = first + 1
        var previous = current
        while i < scalars.count {
            let script = ScriptClass.of(scalars[i])
            if script != .weak && script != current {
                current = script
                if previous == .weak && FontMetrics.isMark(scalars[i]) && !starts[i - 1] && i - 1 > first {
                    starts[i - 1] = true
                } else {
                    starts[i] = true
                }
            }
            previous = script
            i += 1
        }
        return starts
    }
}

/// LibreOffice's script classes (`BreakIteratorImpl::getScriptClass`): mostly by Unicode block, so all
/// of Basic Latin and Latin-1 (digits and ASCII punctuation too) is Latin and the Thai block (its digits
/// too) is complex.
enum ScriptClass {
    case weak, latin, asian, complex

    /// The two blocks nearly every text is made of answered in line (the cases of `others` say the
    /// same of them).
    @inline(__always)
    static func of(_ s: Unicode.Scalar) -> ScriptClass {
        let v = s.value
        if v < 0x80 { return v == 0x01 || v == 0x02 || v == 0x20 ? .weak : .latin }
        if v >= 0x0E00 && v <= 0x0E7F { return .complex }
        return others(s)
    }

    @inline(never)
    private static func others(_ s: Unicode.Scalar) -> ScriptClass {
        let v = s.value
        switch v {
        case 0x01, 0x02, 0x20, 0xA0, 0x2C7, 0x2CA, 0x2CB, 0x2D9: return .weak
        case 0x0000...0x02FF, 0x0370...0x058F, 0x10A0...0x10FF, 0x13A0...0x16FF, 0x1E00...0x1FFF, 0x2C80...0x2CE3:
            return .latin
        case 0x0590...0x109F, 0x1200...0x137F, 0x1780...0x18AF: return .complex
        case 0x1100...0x11FF, 0x2E80...0xA4CF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFFEF, 0x20000...0x2FA1F:
            return .asian
        case 0x2150...0x218F: return .weak
        default:
            // Outside the blocks LibreOffice names, it goes by the Unicode script: common and inherited
            // characters (punctuation, symbols, marks) are weak, letters of other scripts complex.
            switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .complex
            default: return .weak
            }
        }
    }
}

/// Glyph advances and line height of TH Sarabun New (Laksaman's tables in FontMetrics.swift) at a
/// whole-pixel size, as LibreOffice's HarfBuzz layout gives them on the screen device: each glyph's
/// advance rounded to whole pixels, marks zero, no kerning (Calc turns it off), Latin ligatures.
struct FontMetrics {
    /// Which of the four faces.
    let face: Int
    /// The font size in whole pixels.
    let pixels: Int
    /// The font size in points, for unrounded (printed) widths.
    let points: Double

    /// What decides the metrics: the face and the size.
    struct Key: Equatable {
        let face: Int
        let points: Double

        init(face: Int, points: Double) {
            self.face = face
            self.points = points
        }

        /// The key of a style's font, without working out its pixels.
        init(_ style: CellStyle) {
            face = (style.bold ? 1 : 0) + (style.italic ? 2 : 0)
            points = style.fontSize
        }
    }

    /// Its face and size, as a key.
    var key: Key { Key(face: face, points: points) }

    init(style: CellStyle) {
        face = Key(style).face
        points = style.fontSize
        pixels = CalcGeometry.fontPixels(points: style.fontSize)
    }

    /// One line's height in pixels: the typographic ascent and descent, each rounded.
    static func linePixels(fontPixels: Int) -> Int {
        rounded(typoAscender * fontPixels) + rounded(typoDescender * fontPixels)
    }

    /// `units × pixels / unitsPerEm`, rounded half up.
    private static func rounded(_ unitsTimesPixels: Int) -> Int { (2 * unitsTimesPixels + unitsPerEm) / (2 * unitsPerEm) }

    /// Marks (and enclosing marks) draw on their base and take no width.
    static func isMark(_ s: Unicode.Scalar) -> Bool {
        // Latin and Thai answered without the property tables (TextMeasureTests holds these to them).
        let v = s.value
        if v < 0x0300 { return false }
        if v >= 0x0E00 && v <= 0x0E7F { return v == 0x0E31 || (v >= 0x0E34 && v <= 0x0E3A) || (v >= 0x0E47 && v <= 0x0E4E) }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Advance of a scalar in font units; the font's own, or — for a scalar it lacks, which LibreOffice
    /// draws from a fallback font — a full em, which holds for the symbols and ideographs of fallback
    /// fonts; marks and format characters nothing.
    func units(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        let slot = FontMetrics.blockSlot(v)
        if slot >= 0 {
            let u = FontMetrics.blocks[face * FontMetrics.blockSlots + slot]
            if u != FontMetrics.missing { return Int(u) }
        } else if let u = FontMetrics.otherUnits(v, face: face) {
            return u
        }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: return FontMetrics.unitsPerEm
        }
    }

    /// A scalar's place in a face's part of `blocks` (Basic Latin, Latin-1, Thai, General Punctuation), -1
    /// outside them.
    @inline(__always)
    private static func blockSlot(_ v: UInt32) -> Int {
        switch v {
        case 0x20...0x7E: return Int(v - 0x20)
        case 0xA0...0xFF: return 95 + Int(v - 0xA0)
        case 0x0E00...0x0E7F: return 191 + Int(v - 0x0E00)
        case 0x2000...0x206F: return 319 + Int(v - 0x2000)
        default: return -1
        }
    }

    /// Advances in pixels of `scalars[from..<to]`, one text portion laid out on its own, into `out`:
    /// a ligature's width on its first character and 0 on the others; a mark that begins the paragraph
    /// drawn on a dotted circle (HarfBuzz inserts one).
    func advances(of scalars: [Unicode.Scalar], from: Int, to: Int, into out: inout [Int32]) {
        let n = to - from
        out.removeAll(keepingCapacity: true)
        guard n > 0 else { return }
        out.append(contentsOf: repeatElement(0, count: n))
        // The glyph starts and points `fill` also gives are not asked for here: scratch memory.
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: n) { starts in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { points in
                starts.initialize(repeating: true)
                points.initialize(repeating: 0)
                scalars.withUnsafeBufferPointer { scalars in
                    out.withUnsafeMutableBufferPointer { pixels in
                        fill(scalars, from: from, to: to, pixels: pixels, glyphStarts: starts, points: points)
                    }
                }
            }
        }
    }

    /// The same in one pass with the rest of what filling lines needs, each at the scalar's place less
    /// `from`: the pixels, whether a glyph begins at the scalar, and its unrounded advance in points (as
    /// `nominalPoints(of:atParagraphStart:)`: printing ignores ligatures).
    func fill(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, from: Int, to: Int, pixels out: UnsafeMutableBufferPointer<Int32>,
              glyphStarts: UnsafeMutableBufferPointer<Bool>, points: UnsafeMutableBufferPointer<Double>) {
        FontMetrics.blocks.withUnsafeBufferPointer { blocks in
            FontMetrics.ligatureFirstsASCII.withUnsafeBufferPointer { ligatureFirstsASCII in
                let faceBase = face * FontMetrics.blockSlots
                let ligatureFirstsMax = FontMetrics.ligatureFirstsMax
                var j = from
                while j < to {
                    let s = scalars[j]
                    let v = s.value
                    let startsLigature = v < 128 ? ligatureFirstsASCII[Int(v)]
                                                 : v <= ligatureFirstsMax && FontMetrics.ligatureFirsts.contains(v)
                    if startsLigature, let (length, units) = ligature(in: scalars, at: j, end: to) {
                        out[j - from] = Int32(pixels(units))
                        glyphStarts[j - from] = true
                        for k in 0..<length {
                            if k > 0 {
                                out[j + k - from] = 0
                                glyphStarts[j + k - from] = false
                            }
                            points[j + k - from] = nominalPoints(of: scalars[j + k], atParagraphStart: j + k == 0)
                        }
                        j += length
                        continue
                    }
                    // A scalar of the four blocks straight from the face's table; anything else (and a
                    // mark that begins the paragraph) through `units`.
                    var u = -1
                    if j > 0 {
                        let slot = FontMetrics.blockSlot(v)
                        if slot >= 0 {
                            let known = blocks[faceBase + slot]
                            if known != FontMetrics.missing { u = Int(known) }
                        }
                    }
                    if u < 0 { u = j == 0 && FontMetrics.isMark(s) ? units(FontMetrics.dottedCircle) : units(s) }
                    out[j - from] = Int32(pixels(u))
                    glyphStarts[j - from] = true
                    points[j - from] = Double(u) * self.points / Double(FontMetrics.unitsPerEm)
                    j += 1
                }
            }
        }
    }

    /// Width in points of the scalars with unrounded advances (what a printer draws), ligatures ignored
    /// (they are never wider).
    func nominalPoints(_ scalars: [Unicode.Scalar]) -> Double {
        var total = 0.0
        for (j, s) in scalars.enumerated() { total += nominalPoints(of: s, atParagraphStart: j == 0) }
        return total
    }

    /// One scalar's unrounded advance in points.
    func nominalPoints(of s: Unicode.Scalar, atParagraphStart: Bool) -> Double {
        let u = atParagraphStart && FontMetrics.isMark(s) ? units(FontMetrics.dottedCircle) : units(s)
        return Double(u) * points / Double(FontMetrics.unitsPerEm)
    }

    private func pixels(_ units: Int) -> Int { FontMetrics.rounded(units * pixels) }

    /// The ligature starting at `j` within `end`, as (length, advance in units); `fill` has found that
    /// a ligature starts with the scalar.
    private func ligature(in scalars: UnsafeBufferPointer<Unicode.Scalar>, at j: Int, end: Int) -> (Int, Int)? {
        for (text, advances) in FontMetrics.ligatureScalars where j + text.count <= end {
            var matches = true
            for (k, value) in text.enumerated() where scalars[j + k].value != value {
                matches = false
                break
            }
            if matches { return (text.count, FontMetrics.pick(advances, face)) }
        }
        return nil
    }

    static let dottedCircle: Unicode.Scalar = "\u{25CC}"

    /// The generated tables of the four blocks one after another (Basic Latin's 95 scalars, Latin-1's
    /// 96, Thai's 128, General Punctuation's 112), face after face: one lookup per scalar in `units`.
    private static let blocks: [UInt16] = {
        let faces = [
            [basicLatinRegular, latin1Regular, thaiRegular, generalPunctuationRegular],
            [basicLatinBold, latin1Bold, thaiBold, generalPunctuationBold],
            [basicLatinItalic, latin1Italic, thaiItalic, generalPunctuationItalic],
            [basicLatinBoldItalic, latin1BoldItalic, thaiBoldItalic, generalPunctuationBoldItalic],
        ]
        let table = faces.flatMap { $0.flatMap { $0 } }
        precondition(faces.allSatisfy { $0.map(\.count) == [95, 96, 128, 112] } && table.count == 4 * blockSlots)
        return table
    }()
    private static let blockSlots = 95 + 96 + 128 + 112

    private static func pick(_ a: (UInt16, UInt16, UInt16, UInt16), _ face: Int) -> Int {
        switch face {
        case 1: return Int(a.1)
        case 2: return Int(a.2)
        case 3: return Int(a.3)
        default: return Int(a.0)
        }
    }

    /// A scalar of `others`, by binary search.
    private static func otherUnits(_ v: UInt32, face: Int) -> Int? {
        var low = 0
        var high = others.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let entry = others[mid]
            if entry.scalar == v { return pick(entry.advances, face) }
            if entry.scalar < v { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    private static let ligatureScalars: [(text: [UInt32], advances: (UInt16, UInt16, UInt16, UInt16))] =
        ligatures.map { (Array($0.text.unicodeScalars.map(\.value)), $0.advances) }
    private static let ligatureFirsts: Set<UInt32> = Set(ligatureScalars.compactMap { $0.text.first })
    /// `ligatureFirsts` over ASCII, as a table (the common case, looked up for every character).
    private static let ligatureFirstsASCII: [Bool] = (0..<128).map { ligatureFirsts.contains(UInt32($0)) }
    /// The largest of `ligatureFirsts`: a scalar above it (all of Thai, with this font) starts none,
    /// without hashing it.
    private static let ligatureFirstsMax: UInt32 = ligatureFirsts.max() ?? 0
}
