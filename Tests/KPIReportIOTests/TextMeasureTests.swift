import Foundation
import Testing
@testable import KPIReportCore
@testable import KPIReportIO
import TestSupport

/// TextMeasure with ICULineBreaker against what LibreOffice 7.4 does here, recorded by
/// `scripts/calibrate-text-metrics` in Tests/Fixtures/text-metrics (no LibreOffice needed to run these).
@Suite struct TextMeasureTests {
    let measure = TextMeasure(breaker: ICULineBreaker())

    static func style(size: Double = 16, bold: Bool = false, italic: Bool = false, indent: Int = 0) -> CellStyle {
        CellStyle().with {
            $0.fontSize = size
            $0.bold = bold
            $0.italic = italic
            $0.indent = indent
            $0.wrap = true
        }
    }

    // MARK: known texts

    /// Line counts LibreOffice 7.4.7 gave these cells (optimal heights of an .xlsx like the calibration's,
    /// Normal font TH Sarabun New 16), chosen to cover spaces, no spaces, a slash, digits, Latin, line
    /// feeds, bold, 18 pt, indents and a merged cell.
    static let known: [(text: String, widths: [Double], size: Double, bold: Bool, indent: Int, lines: Int)] = [
        ("ร้อยละความพึงพอใจของผู้รับบริการ", [20], 16, false, 0, 2),
        ("ร้อยละความพึงพอใจของผู้รับบริการ", [40], 16, false, 0, 1),
        ("ร้อยละความพึงพอใจของผู้รับบริการ", [7], 16, false, 0, 5),
        ("ตัวชี้วัดของผู้อำนวยการสำนัก/กอง หรือเทียบเท่า", [7], 16, false, 0, 7),
        ("ตัวชี้วัดของผู้อำนวยการสำนัก/กอง หรือเทียบเท่า", [7], 18, true, 0, 9),
        ("ตัวชี้วัดการขับเคลื่อนแผนปฏิบัติการรายปี (พ.ศ. ๒๕๖๖)", [22], 16, false, 1, 3),
        ("ตัวชี้วัดการขับเคลื่อนแผนปฏิบัติการรายปี (พ.ศ. ๒๕๖๖)", [16], 16, false, 2, 4),
        ("1. Growth Mindset (พัฒนากรอบความคิดเพิ่มศักยภาพบุคลากร)", [10, 6, 5], 16, true, 0, 3),
        ("ข้อมูล ณ วันที่ ๓๑ มีนาคม ๒๕๖๓", [4], 16, false, 0, 7),
        ("กรมบังคับคดี\nสำนักงานเลขานุการกรม", [10], 18, true, 0, 5),
        ("กรมบังคับคดี\n\nสำนักงานเลขานุการกรม", [7], 16, false, 0, 6),
    ]

    @Test("line counts of known Thai cells", arguments: known.indices)
    func knownLines(_ i: Int) {
        let k = Self.known[i]
        let n = measure.lines(k.text, columnWidths: k.widths, style: Self.style(size: k.size, bold: k.bold, indent: k.indent))
        #expect(n == k.lines, "\(k.text) in \(k.widths)")
    }

    @Test func rowHeightsAreLibreOfficesOptimalHeights() {
        // LibreOffice: 552, 1074, 1597 twips at 16 pt; 626, 1223 at 18 pt; a 48-line 18-pt cell 28 671
        // (its line heights round in 1/100 mm, so they do not add up exactly).
        #expect(measure.rowHeight(lines: 1, fontSize: 16) == 27.6)
        #expect(measure.rowHeight(lines: 2, fontSize: 16) == 53.7)
        #expect(measure.rowHeight(lines: 3, fontSize: 16) == 79.85)
        #expect(measure.rowHeight(lines: 1, fontSize: 18) == 31.3)
        #expect(measure.rowHeight(lines: 2, fontSize: 18) == 61.15)
        #expect(measure.rowHeight(lines: 48, fontSize: 18) == 1433.55)
        #expect(measure.rowHeight(lines: 0, fontSize: 16) == measure.rowHeight(lines: 1, fontSize: 16))
    }

    @Test func mergedCellIsWiderThanItsWidthsAsOneColumn() {
        // Each column of a merge keeps its own 5-pixel padding: the merged cell holds more than one
        // column of the summed width, so the summed width over-estimates and never under-estimates.
        // LibreOffice: 2 lines merged, 3 in one column 30 units wide.
        let text = "โครงการพัฒนาเครือข่ายสื่อสารมวลชนเพื่อเผยแพร่ข้อมูลข่าวสารของกรมบังคับคดี"
        let widths = [5.0, 5.0, 5.0, 5.0, 5.0, 5.0]
        let merged = measure.lines(text, columnWidths: widths, style: Self.style())
        let summed = measure.lines(text, width: widths.reduce(0, +), style: Self.style())
        #expect(merged == 2)
        #expect(summed == 3)
    }

    @Test func aCellThatDoesNotWrapShowsOneLinePerLineFeed() {
        var style = Self.style()
        style.wrap = false
        #expect(measure.lines("ยาวมาก ยาวมาก ยาวมาก ยาวมาก ยาวมาก", width: 5, style: style) == 1)
        #expect(measure.lines("หนึ่ง\nสอง\nสาม", width: 5, style: style) == 3)
    }

    @Test func columnWidthConversionsAreInverse() {
        // Every width libxlsxwriter can write (whole pixels: twelfths of a unit below 12 pixels, sevenths
        // above), up to 255 units: columnWidth(ofPoints:) of its points gives it back, and a point less
        // than its points gives no wider a column.
        var previous = 0.0
        for pixels in 1...1790 {
            let width = pixels < 12 ? Double(pixels) / 12 : Double(pixels - 5) / 7
            let points = TextMeasure.points(ofColumnWidth: width)
            #expect(points > previous, "\(pixels) pixels")
            #expect(TextMeasure.columnWidth(ofPoints: points) == width, "\(pixels) pixels")
            #expect(TextMeasure.points(ofColumnWidth: TextMeasure.columnWidth(ofPoints: points - 0.01)) == points, "\(pixels) pixels")
            #expect(TextMeasure.points(ofColumnWidth: TextMeasure.columnWidth(ofPoints: previous + 0.01)) == points, "\(pixels) pixels")
            previous = points
        }
        // LibreOffice here (columns.json has them all): 8.43 units are 1590 twips, half a unit 149 (the
        // width stored, 9.140625 and 0.85546875, times the Normal font's 174-twip digit).
        #expect(TextMeasure.points(ofColumnWidth: 8.43) == 79.5)
        #expect(TextMeasure.points(ofColumnWidth: 0.5) == 7.45)
        #expect(TextMeasure.points(ofColumnWidth: 1) == 14.9)
        #expect(TextMeasure.columnWidth(ofPoints: 79.5) == 59.0 / 7)
        #expect(TextMeasure.columnWidth(ofPoints: 79.4) == 59.0 / 7)
        #expect(TextMeasure.columnWidth(ofPoints: 79.6) == 60.0 / 7)
        #expect(TextMeasure.columnWidth(ofPoints: 0) == 0)
    }

    /// The marks (no width of their own) answered first for Latin and Thai are Unicode's: nonspacing
    /// and enclosing marks, below U+0300 none.
    @Test func marksOfLatinAndThaiAreUnicodes() {
        for v in UInt32(0)..<0x0E80 {
            guard let s = Unicode.Scalar(v) else { continue }
            let category = s.properties.generalCategory
            #expect(FontMetrics.isMark(s) == (category == .nonspacingMark || category == .enclosingMark), "U+\(String(v, radix: 16))")
        }
    }

    /// Filling a line compares its pixels with the fewest that reach the paper (`pixelsReaching`), not
    /// each running sum converted to 1/100 mm: the same answer only if that is exactly the inverse.
    @Test func pixelsReachingIsTheInverseOfLogicUnits() {
        #expect(CalcGeometry.pixelsReaching(logic: -40) == 0 && CalcGeometry.pixelsReaching(logic: 0) == 0)
        for target in 1...300_000 {
            let p = CalcGeometry.pixelsReaching(logic: target)
            #expect(CalcGeometry.logic(pixels: p) >= target && (p == 0 || CalcGeometry.logic(pixels: p - 1) < target), "\(target)")
        }
    }

    /// A line's overflow is found by halving over the prefix sums of a portion's pixels: the first
    /// character a running sum reaches the limit at, as the scan over the pixels finds it.
    @Test func firstReachingIsTheScansAnswer() {
        var random = SeededRandom(seed: 4_711)
        for _ in 0..<20_000 {
            let pixels = (0..<Int.random(in: 1...40, using: &random)).map { _ in Int32(Int.random(in: 0...12, using: &random)) }
            var prefix = [0]
            for p in pixels { prefix.append(prefix.last! + Int(p)) }
            let k = Int.random(in: 0..<pixels.count, using: &random), end = Int.random(in: (k + 1)...pixels.count, using: &random)
            let limit = Int.random(in: 0...(prefix[end] - prefix[k]), using: &random)
            let scanned = pixels.withUnsafeBufferPointer { CellParagraph.run($0, from: k, count: end - k, reaching: limit) }.1.map { k + $0 }
            #expect(scanned == CellParagraph.firstReaching(prefix, from: k, to: end, limit: limit))
        }
    }

    // MARK: ICU

    @Test func breaksThaiWithTheDictionary() {
        #expect(ICULineBreaker().problem == nil)
        let breaks = ICULineBreaker().lineBreakOpportunities(in: "กรมบังคับคดี")
        #expect(breaks == [3, 9]) // กรม|บังคับ|คดี
        #expect(ICULineBreaker().lineBreakOpportunities(in: "ab cd\n") == [3, 6])
        // Offsets count Unicode scalars: a character outside the BMP is one scalar, two UTF-16 units.
        #expect(ICULineBreaker().lineBreakOpportunities(in: "𝐀𝐁 กรมบังคับคดี") == [3, 6, 12])
    }

    /// The rules every run opens ready-compiled (Sources/CICU/line_rules.c) are LibreOffice's rules as
    /// this ICU compiles them from their text in ICULineBreaker, byte for byte, and a run opens them.
    /// `scripts/compile-line-rules` writes the file again (KPI_WRITE_LINE_RULES) after the rules change.
    @Test func shippedLineRulesAreTheRulesCompiledHere() throws {
        let compiled = try #require(ICULineBreaker.compiledRules())
        let text = LineRulesFile.text(compiled.bytes, icu: compiled.icu)
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/CICU/line_rules.c").standardized.path
        if let out = ProcessInfo.processInfo.environment["KPI_WRITE_LINE_RULES"] {
            try text.write(toFile: out, atomically: true, encoding: .utf8)
            return
        }
        let shipped = try String(contentsOfFile: path, encoding: .utf8)
        if shipped != text {
            Issue.record("Sources/CICU/line_rules.c is not what ICU \(compiled.icu) compiles: run scripts/compile-line-rules")
        }
        #expect(ICULineBreaker().usesEmbeddedRules)
        #expect(ICULineBreaker().problem == nil)
    }

    /// The breaker finds each run of Thai letters' words once and puts them between the rules' breaks
    /// over the paragraph with the run shortened (`Engine.opportunities`): it must answer exactly as ICU
    /// does over the whole paragraph. On every recorded text, the sample's inputs, and 20,000 texts made
    /// of their Thai runs mixed with digits (Thai and Arabic), Latin words, spaces, brackets, slashes,
    /// hyphens, quotes, ฿ ๆ ฯ, marks that start a run, line feeds, a Lao word and a character
    /// outside the BMP. And the engine's Thai letters are ICU's: Line_Break SA in the Thai block, and
    /// no SA before it.
    @Test func thaiRunsBrokenOnceBreakAsTheWholeText() throws {
        let breaker = ICULineBreaker()
        #expect(breaker.problem == nil)
        for v in UInt32(0)..<0x0E80 {
            let s = Unicode.Scalar(v)!
            #expect(ICULineBreaker.isThaiLetter(s) == (ICULineBreaker.isComplexContext(s) && v >= 0x0E00), "U+\(String(v, radix: 16))")
        }
        let recorded = try TextMetricsFixture.breaks().paragraphs.map(\.text) + TextMetricsFixture.rows().texts
        let sample = try String(contentsOfFile: Repository.sampleInputs + "/indicators.csv", encoding: .utf8)
            .split(whereSeparator: \.isNewline).flatMap { $0.split(separator: ",").map(String.init) }
        var pieces: [String] = []
        for text in recorded + sample {
            var run = ""
            for s in text.unicodeScalars {
                if ICULineBreaker.isThaiLetter(s) { run.unicodeScalars.append(s) } else if !run.isEmpty { pieces.append(run); run = "" }
            }
            if !run.isEmpty { pieces.append(run) }
        }
        let others = [" ", "  ", "(", ")", "-", "/", ".", ",", ":", "\"", "'", "%", "฿", "ๆ", "ฯ", "๑๒", "2567", "3.5", "\n",
                      "KPI", "e-Service", "ั", "่", "ສະບາຍດີ", "𝐀", "๏", "๚", "—", "“", "”", "1/2", "…"]
        var random = SeededRandom(seed: 13)
        var generated: [String] = []
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                text += Bool.random(using: &random) ? pieces.randomElement(using: &random)! : others.randomElement(using: &random)!
            }
            generated.append(text)
        }
        var compared = 0, withRuns = 0, wrong: [String] = []
        for text in recorded + sample + generated {
            let scalars = Array(text.unicodeScalars)
            let expected = breaker.wholeTextOpportunities(in: scalars)
            let answer = breaker.lineBreakOpportunities(in: scalars)
            compared += 1
            if scalars.indices.dropLast().contains(where: { ICULineBreaker.isThaiLetter(scalars[$0]) && ICULineBreaker.isThaiLetter(scalars[$0 + 1]) }) {
                withRuns += 1
            }
            if answer != expected { wrong.append("\(text): \(answer), not \(expected)") }
        }
        #expect(compared > 20_000 && withRuns > 15_000, "\(compared) compared, \(withRuns) with a run of Thai")
        #expect(wrong.isEmpty, "\(wrong.count) differ, first: \(wrong.prefix(3))")
    }

    @Test func breakerIsSafeFromManyThreads() async throws {
        let texts = try TextMetricsFixture.rows().texts
        let breaker = ICULineBreaker()
        let expected = texts.map { breaker.lineBreakOpportunities(in: $0) }
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var bad = 0
                    for (i, text) in texts.enumerated() where i % 8 == worker || i % 3 == 0 {
                        if breaker.lineBreakOpportunities(in: text) != expected[i] { bad += 1 }
                    }
                    return bad
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    /// For every position of 620 paragraphs, where LibreOffice's getLineBreak ends a line that overflows
    /// there: ICULineBreaker's opportunities with TextMeasure's handling of slashes must say the same.
    @Test func lineBreaksAreLibreOffices() throws {
        let breaker = ICULineBreaker()
        var checked = 0
        var wrong: [String] = []
        for paragraph in try TextMetricsFixture.breaks().paragraphs {
            let scalars = Array(paragraph.text.unicodeScalars)
            var mask = [Bool](repeating: false, count: scalars.count + 1)
            for b in breaker.lineBreakOpportunities(in: paragraph.text) where b < scalars.count { mask[b] = true }
            let layout = CellParagraph(scalars, breaks: mask)
            for (k, expected) in paragraph.lineBreak.enumerated() {
                checked += 1
                if layout.lineBreak(at: k + 1) != expected { wrong.append("\(paragraph.text) at \(k + 1)") }
            }
        }
        #expect(checked > 30_000)
        #expect(wrong.count == 0, "positions that differ, first: \(wrong.prefix(3))")
    }

    /// A prepared text finds a paragraph's breaks only when it overflows a line: its counts must be
    /// those of the paragraphs broken beforehand, at every width, whether it is first asked wide (no
    /// break found) or narrow, and at the widths where a text just fits or just does not. Asked only
    /// whether it fits on one line (no break ever found), it answers as the count does.
    @Test func breaksFoundLazilyCountAsBreaksFoundFirst() throws {
        let breaker = ICULineBreaker()
        let texts = try TextMetricsFixture.breaks().paragraphs.prefix(150).map(\.text) + Self.known.map(\.text)
        let widths = stride(from: 1.0, through: 60.0, by: 0.25).map { $0 }
        var compared = 0, oneLine = 0, oneLineTexts = 0, wrong: [String] = []
        for style in [Self.style(), Self.style(size: 18, bold: true, indent: 1)] {
            let font = FontMetrics(style: style)
            for text in texts {
                let eager = CellParagraph.split(text).map { scalars in
                    var mask = [Bool](repeating: false, count: scalars.count + 1)
                    for b in breaker.lineBreakOpportunities(in: scalars) where b < scalars.count { mask[b] = true }
                    let paragraph = CellParagraph(scalars, breaks: mask)
                    return (paragraph, paragraph.advances(font: font))
                }
                for order in [widths, widths.reversed()] {
                    let prepared = measure.prepare(text)
                    let askedOneLine = measure.prepare(text) // only ever asked whether it fits on one line
                    for width in order {
                        let paper = CalcGeometry.logic(pixels: CalcGeometry.paperPixels(columnWidths: [width], indent: style.indent))
                        let printable = CalcGeometry.printablePoints(columnWidths: [width], indent: style.indent)
                        let expected = eager.reduce(0) { total, pair in
                            total + max(pair.0.lineCount(paperLogic: paper, font: font, advances: pair.1),
                                        pair.0.printedLineCount(availablePoints: printable, advances: pair.1))
                        }
                        let lines = prepared.lines(columnWidths: [width][...], style: style)
                        compared += 1
                        if expected == CellParagraph.split(text).count { oneLine += 1 }
                        if lines != expected { wrong.append("\(text) at \(width): \(lines), not \(expected)") }
                        if askedOneLine.fitsOnOneLine(columnWidths: [width][...], style: style) != (expected <= 1) {
                            wrong.append("\(text) at \(width): one line is \(!(expected <= 1)), not \(expected <= 1)")
                        }
                        if expected == 1 { oneLineTexts += 1 }
                    }
                }
            }
        }
        #expect(compared > 100_000 && oneLine > 1_000 && oneLineTexts > 1_000,
                "\(compared) compared, \(oneLine) on one line a paragraph, \(oneLineTexts) on one line in all")
        #expect(wrong.isEmpty, "\(wrong.count) differ, first: \(wrong.prefix(3))")
    }

    // MARK: calibration

    /// Every recorded cell: the height we write must hold what LibreOffice needs (to half a point), and
    /// waste at most a line in 95 % of cells. The measure repeats LibreOffice's layout, so nearly all
    /// are exact; the floor of 99 % exact makes a drift in LibreOffice or the fonts fail here.
    @Test func heightsHoldLibreOfficesOptimalHeights() throws {
        let rows = try TextMetricsFixture.rows()
        var short: [String] = []
        var withinALine = 0
        var exact = 0
        for c in rows.cases {
            let style = Self.style(size: c.size, bold: c.bold, italic: c.italic, indent: c.indent)
            let lines = measure.lines(rows.texts[c.text], columnWidths: c.widths, style: style)
            let height = measure.rowHeight(lines: lines, fontSize: c.size)
            let optimal = Double(c.heightTwips) / 20
            let line = measure.rowHeight(lines: 2, fontSize: c.size) - measure.rowHeight(lines: 1, fontSize: c.size)
            if height < optimal - 0.5 { short.append("\(rows.texts[c.text]) \(c.widths): \(height) < \(optimal)") }
            if height <= optimal + line { withinALine += 1 }
            if abs(height - optimal) < 0.001 { exact += 1 }
        }
        #expect(rows.cases.count >= 600)
        #expect(short.count == 0, "rows too short, first: \(short.prefix(3))")
        #expect(Double(withinALine) >= 0.95 * Double(rows.cases.count))
        #expect(Double(exact) >= 0.99 * Double(rows.cases.count), "\(exact) of \(rows.cases.count) exact")
    }

    /// The sum of a merge's widths read as one column (what `lines(_:width:style:)` does) over-estimates
    /// the merged cells and never under-estimates them.
    @Test func summedWidthsNeverUnderestimateMergedCells() throws {
        let rows = try TextMetricsFixture.rows()
        var merged = 0
        for c in rows.cases where c.widths.count > 1 {
            merged += 1
            let style = Self.style(size: c.size, bold: c.bold, italic: c.italic, indent: c.indent)
            let lines = measure.lines(rows.texts[c.text], width: c.widths.reduce(0, +), style: style)
            #expect(measure.rowHeight(lines: lines, fontSize: c.size) >= Double(c.heightTwips) / 20 - 0.5)
        }
        #expect(merged >= 100)
    }

    @Test func columnWidthsAreLibreOffices() throws {
        let columns = try TextMetricsFixture.rows().columns
        #expect(columns.count > 1000)
        for column in columns {
            #expect(TextMeasure.points(ofColumnWidth: column.width) * 20 == Double(column.twips), "width \(column.width)")
        }
    }

    /// Numbers LibreOffice printed in the narrowest column that shows them: columnWidth(for:) of the
    /// text it printed, and of the layout's text for the number (NumberFormat's `shown`, Thai digits for
    /// the Thai-digit prefix), must be at least that column; the two texts must have the same characters.
    @Test func numberColumnsHoldEveryNumber() throws {
        let formats: [NumberFormat] = [.integer, .decimals(2), .decimals(4), .percent, .change(decimals: 4),
                                       .labelled("(B)=", decimals: 2)]
        var checked = 0
        for c in try TextMetricsFixture.numbers().cases {
            let thai = c.format.hasPrefix("[$-D00041E]")
            let format = try #require(formats.first { $0.code(thaiDigits: thai) == c.format }, "format \(c.format)")
            let shown = thai ? ThaiDigits.toThai(format.shown(c.value)) : format.shown(c.value)
            let style = Self.style(bold: c.bold)
            for text in [shown, c.printed] {
                let width = measure.columnWidth(for: text, style: style)
                #expect(TextMeasure.points(ofColumnWidth: width) * 20 >= Double(c.minWidthTwips), "\(text) as \(c.format)")
            }
            // LibreOffice puts a negative sign before a literal prefix ("-(B)=…"): same characters. With
            // the Thai-digit prefix in every section, zeros and negative changes print Thai digits too.
            let same = shown.unicodeScalars.map(\.value).sorted() == c.printed.unicodeScalars.map(\.value).sorted()
            #expect(same, "\(c.value) as \(c.format): \(shown) against \(c.printed)")
            checked += 1
        }
        #expect(checked >= 200)
    }

    @Test func aColumnForAWrappedTextKeepsItOnOneLine() throws {
        for text in try TextMetricsFixture.rows().texts.prefix(200) {
            for style in [Self.style(), Self.style(size: 18, bold: true), Self.style(indent: 2)] {
                let width = measure.columnWidth(for: text, style: style)
                #expect(measure.lines(text, width: width, style: style) == text.split(separator: "\n", omittingEmptySubsequences: false).count,
                        "\(text) in \(width)")
            }
        }
    }
}

/// The recorded fixtures (Tests/Fixtures/text-metrics).
private enum TextMetricsFixture {
    struct Rows: Decodable {
        struct Case: Decodable {
            let text: Int
            let widths: [Double]
            let size: Double
            let bold: Bool
            let italic: Bool
            let indent: Int
            let heightTwips: Int
        }
        struct Column: Decodable {
            let width: Double
            let twips: Int
        }
        let texts: [String]
        let cases: [Case]
        let columns: [Column]
    }

    struct Numbers: Decodable {
        struct Case: Decodable {
            let value: Double
            let format: String
            let bold: Bool
            let printed: String
            let minWidthTwips: Int
        }
        let cases: [Case]
    }

    struct Breaks: Decodable {
        struct Paragraph: Decodable {
            let text: String
            let lineBreak: [Int]
        }
        let paragraphs: [Paragraph]
    }

    static func rows() throws -> Rows { try load("rows.json") }
    static func numbers() throws -> Numbers { try load("numbers.json") }
    static func breaks() throws -> Breaks { try load("breaks.json") }

    /// Tests/Fixtures/text-metrics/<name>, found from this file's path.
    private static func load<T: Decodable>(_ name: String) throws -> T {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/text-metrics")
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
    }
}

/// Sources/CICU/line_rules.c: compiled line rules as a C array, with the ICU version that compiled them.
enum LineRulesFile {
    static func text(_ bytes: [UInt8], icu: String) -> String {
        var out = """
            // LibreOffice 7.4.7's line-break rules (Sources/KPIReportIO/Text/ICULineBreaker.swift) as ICU \(icu)
            // compiles them: opened at start instead of compiled (about 30 ms each run). Written by
            // scripts/compile-line-rules; TextMeasureTests checks that it is what this ICU compiles.
            #include <stdint.h>

            const char cicu_line_rules_icu[] = "\(icu)";
            const int32_t cicu_line_rules_length = \(bytes.count);
            // ICU reads the compiled rules in place, as 32-bit words.
            __attribute__((aligned(16))) const uint8_t cicu_line_rules[\(bytes.count)] = {

            """
        let hex = Array("0123456789abcdef".utf8)
        // Long lines (512 bytes each): data, not code to read line by line.
        for start in stride(from: 0, to: bytes.count, by: 512) {
            var line = "   "
            for b in bytes[start..<min(start + 512, bytes.count)] {
                line += " 0x" + String(decoding: [hex[Int(b >> 4)], hex[Int(b & 15)]], as: UTF8.self) + ","
            }
            out += line + "\n"
        }
        return out + "};\n"
    }
}
