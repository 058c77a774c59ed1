/// Where a line of text may break. Thai is written without spaces between words, so the places come
/// from a dictionary: the IO adapter uses ICU's line-break iterator (the ICU LibreOffice uses).
public protocol LineBreaker: Sendable {
    /// Offsets, in Unicode scalars from the start of `text`, at which a new line may begin, ascending,
    /// without 0. A mandatory break (a line feed) is the offset just after it.
    func lineBreakOpportunities(in text: String) -> [Int]
}

/// Breaks only after spaces and line feeds: the fallback where no dictionary is at hand (tests of
/// layout that do not look at heights). It over-estimates Thai lines.
public struct SpaceLineBreaker: LineBreaker {
    /// Creates the breaker.
    public init() {}

    public func lineBreakOpportunities(in text: String) -> [Int] {
        var offsets: [Int] = []
        var i = 0
        for scalar in text.unicodeScalars {
            i += 1
            if scalar == " " || scalar == "\n" { offsets.append(i) }
        }
        return offsets
    }
}

/// Measures text as LibreOffice lays it out in a cell, in TH Sarabun New (drawn on Linux as Laksaman,
/// which has the same metrics): how many lines a wrapped cell needs, how tall a row must be, how wide a
/// column must be to hold a number.
public struct TextMeasure: Sendable {
    private let breaker: any LineBreaker
    private let font = FontMetrics.sarabun

    /// A measure that breaks lines where `breaker` says.
    public init(breaker: any LineBreaker) { self.breaker = breaker }

    /// Lines a wrapped cell needs for `text` in a cell `width` character units wide (the sum of the
    /// columns a merged cell spans).
    public func lines(_ text: String, width: Double, style: CellStyle) -> Int {
        let available = TextMeasure.points(ofColumnWidth: width) - TextMeasure.cellPadding - Double(style.indent) * 9
        guard available > 0 else { return max(1, text.unicodeScalars.count) }
        let scalars = Array(text.unicodeScalars)
        let breaks = breaker.lineBreakOpportunities(in: text)
        var lines = 1
        var lineStart = 0
        var lineWidth = 0.0
        var segmentStart = 0
        var pending = 0.0
        var nextBreak = 0
        func flushSegment(upTo end: Int) {
            var w = 0.0
            for k in segmentStart..<end where scalars[k] != "\n" {
                w += font.advance(scalars[k], size: style.fontSize, bold: style.bold)
            }
            pending = w
        }
        for (index, position) in (breaks + [scalars.count]).enumerated() {
            _ = index
            flushSegment(upTo: position)
            let forced = position > 0 && position <= scalars.count && scalars[position - 1] == "\n"
            // Trailing spaces hang past the line end.
            var trailing = 0.0
            var k = position - 1
            while k >= segmentStart, k < scalars.count, scalars[k] == " " {
                trailing += font.advance(" ", size: style.fontSize, bold: style.bold)
                k -= 1
            }
            if lineWidth > 0 && lineWidth + pending - trailing > available {
                lines += 1
                lineWidth = 0
                lineStart = segmentStart
            }
            // A segment wider than the line is broken by character.
            if pending - trailing > available {
                lines += Int(((pending - trailing) / available).rounded(.up)) - 1
                lineWidth = (pending - trailing).truncatingRemainder(dividingBy: available)
            } else {
                lineWidth += pending
            }
            if forced && position < scalars.count {
                lines += 1
                lineWidth = 0
                lineStart = position
            }
            segmentStart = position
            nextBreak += 1
        }
        _ = lineStart
        return lines
    }

    /// The height in points of a row showing `lines` lines of a font size.
    public func rowHeight(lines: Int, fontSize: Double) -> Double {
        font.lineHeight(size: fontSize) * Double(max(1, lines)) + 3
    }

    /// The column width (character units) a cell needs to show `text` on one line.
    public func columnWidth(for text: String, style: CellStyle) -> Double {
        var w = 0.0
        for scalar in text.unicodeScalars { w += font.advance(scalar, size: style.fontSize, bold: style.bold) }
        return TextMeasure.columnWidth(ofPoints: w + TextMeasure.cellPadding + Double(style.indent) * 9)
    }

    /// Space a cell keeps between its borders and its text, left and right together, in points.
    static let cellPadding = 6.0

    /// Points of a column `width` character units wide (Excel: 7 pixels a unit plus 5, at 96 dpi).
    public static func points(ofColumnWidth width: Double) -> Double {
        (width + 0.7109375) * 9.0
    }

    /// Character units of a column `points` wide.
    public static func columnWidth(ofPoints points: Double) -> Double {
        ((points / 9.0 - 0.7109375) * 100).rounded(.up) / 100
    }
}

/// Glyph advances and line height of TH Sarabun New as LibreOffice draws it.
struct FontMetrics: Sendable {
    /// The one font the workbooks use.
    static let sarabun = FontMetrics()

    /// Width in points of one scalar at `size`.
    func advance(_ scalar: Unicode.Scalar, size: Double, bold: Bool) -> Double {
        let v = scalar.value
        let em: Double
        switch v {
        case 0x0E31, 0x0E34...0x0E3A, 0x0E47...0x0E4E: em = 0 // marks above and below
        case 0x0E01...0x0E5B: em = 0.50
        case 0x30...0x39: em = 0.46
        case 0x20: em = 0.25
        case 0x41...0x5A: em = 0.62
        case 0x61...0x7A: em = 0.48
        default: em = 0.40
        }
        return em * size * (bold ? 1.05 : 1)
    }

    /// Height of one line of text at `size`.
    func lineHeight(size: Double) -> Double { size * 1.45 }
}
