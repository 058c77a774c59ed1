/// An indicator's number as printed (`1.1`, `2.10`), compared part by part as numbers so that `2.10`
/// follows `2.9`. Thai digits are read as digits: `๒.๑` and `2.1` are the same indicator.
public struct IndicatorID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The id with Thai digits turned to ASCII and surrounding spaces removed.
    public let value: String

    /// Creates an id from the text of a cell.
    public init(_ raw: String) {
        value = ThaiDigits.toASCII(raw).trimmingASCIIAndThaiSpaces()
    }

    public var description: String { value }

    private var parts: [Substring] { value.split(separator: ".", omittingEmptySubsequences: false) }

    public static func < (a: IndicatorID, b: IndicatorID) -> Bool {
        let pa = a.parts, pb = b.parts
        for (x, y) in zip(pa, pb) where x != y {
            switch (Int(x), Int(y)) {
            case let (m?, n?): if m != n { return m < n }
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return x < y
            }
        }
        if pa.count != pb.count { return pa.count < pb.count }
        return a.value < b.value
    }
}
