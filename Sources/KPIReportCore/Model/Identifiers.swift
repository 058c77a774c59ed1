/// A unit's code as given in `divisions.csv` (`SEC`, `HRM`): `[A-Za-z0-9_-]`, at most 64 characters,
/// not a Windows-reserved name, not `department`. It names the unit's workbook file, so validation
/// refuses anything else; compared as written (two ids equal ignoring case are refused too).
public struct DivisionID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The code.
    public let value: String

    /// Wraps a code that validation has accepted.
    public init(_ value: String) { self.value = value }

    public var description: String { value }

    public static func < (a: DivisionID, b: DivisionID) -> Bool { a.value.utf8.lexicographicallyPrecedes(b.value.utf8) }

    /// The longest id accepted.
    public static let maximumLength = 64

    /// Names Windows reserves for devices: a file `CON.xlsx` cannot be opened on a Windows share.
    static let windowsReserved: Set<String> = {
        var names: Set<String> = ["CON", "PRN", "AUX", "NUL"]
        for n in 1...9 { names.insert("COM\(n)"); names.insert("LPT\(n)") }
        return names
    }()

    /// The id the department workbook's file takes (`department.xlsx`): no unit may use it.
    public static let reservedForDepartment = "department"

    /// Why `text` cannot be a unit's id, or nil when it can.
    static func problem(_ text: String) -> String? {
        if text.isEmpty { return "division_id is empty" }
        let allowed = text.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
        }
        if !allowed {
            return "division_id \"\(TextCell.shown(text))\" may hold only A-Z, a-z, 0-9, _ and - (it names the unit's workbook file)"
        }
        if text.utf8.count > maximumLength {
            return "division_id is \(text.utf8.count) characters long; at most \(maximumLength) are allowed (it names the unit's workbook file)"
        }
        if windowsReserved.contains(text.uppercased()) {
            return "division_id \"\(text)\" is a name Windows reserves for a device; a file \(text).xlsx cannot be opened on a Windows share"
        }
        if text.lowercased() == reservedForDepartment {
            return "division_id \"\(text)\" is reserved: the department's own workbook is department.xlsx"
        }
        return nil
    }
}

/// An indicator's number as printed (`1.1`, `2.10`), compared part by part as numbers so that `2.10`
/// follows `2.9`. Thai digits are read as digits: `๒.๑` and `2.1` are the same indicator.
public struct IndicatorID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The id with Thai digits turned to ASCII and surrounding spaces removed.
    public let value: String

    /// Creates an id from the text of a cell.
    public init(_ raw: String) {
        value = ThaiDigits.toASCII(raw.trimmingASCIIAndThaiSpaces())
    }

    public var description: String { value }

    public static func < (a: IndicatorID, b: IndicatorID) -> Bool {
        if let order = asciiOrder(a.value, b.value) { return order }
        return partsOrder(a, b)
    }

    /// `<` for two ids written in ASCII (as nearly all are), read byte by byte where they lie: the
    /// same answer as `partsOrder`, without splitting into arrays of parts. Nil when one is not ASCII.
    static func asciiOrder(_ a: String, _ b: String) -> Bool? {
        let answer = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool? in
                guard x.allSatisfy({ $0 < 0x80 }), y.allSatisfy({ $0 < 0x80 }) else { return nil }
                var i = 0, j = 0
                while true {
                    var ei = i, ej = j
                    while ei < x.count && x[ei] != 0x2E { ei += 1 }
                    while ej < y.count && y[ej] != 0x2E { ej += 1 }
                    let p = UnsafeBufferPointer(rebasing: x[i..<ei]), q = UnsafeBufferPointer(rebasing: y[j..<ej])
                    if !p.elementsEqual(q) {
                        switch (integer(p), integer(q)) {
                        case let (m?, n?) where m != n: return m < n
                        case (_?, nil): return true
                        case (nil, _?): return false
                        default: return p.lexicographicallyPrecedes(q)
                        }
                    }
                    let aEnds = ei == x.count, bEnds = ej == y.count
                    if aEnds || bEnds {
                        if aEnds != bEnds { return aEnds }
                        return x.lexicographicallyPrecedes(y)
                    }
                    i = ei + 1
                    j = ej + 1
                }
            }
        }
        // Nil from either closure: a string without contiguous bytes (never for a native string).
        guard let outer = answer, let inner = outer else { return nil }
        return inner
    }

    /// A part as `Int(_:)` reads it: an optional sign and decimal digits that fit, else nil.
    private static func integer(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0, negative = false
        if i < p.count && (p[i] == 0x2B || p[i] == 0x2D) {
            negative = p[i] == 0x2D
            i += 1
        }
        guard i < p.count else { return nil }
        var value = 0
        while i < p.count {
            let digit = p[i] &- 0x30
            guard digit < 10 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times.subtractingReportingOverflow(Int(digit)) : times.addingReportingOverflow(Int(digit))
            if o1 || o2 { return nil }
            value = next
            i += 1
        }
        return value
    }

    /// `<` part by part: numbers as numbers, a number before text, text by its bytes; an id that is a
    /// prefix of the other first.
    static func partsOrder(_ a: IndicatorID, _ b: IndicatorID) -> Bool {
        let pa = a.value.split(separator: ".", omittingEmptySubsequences: false)
        let pb = b.value.split(separator: ".", omittingEmptySubsequences: false)
        for (x, y) in zip(pa, pb) where x != y {
            switch (Int(x), Int(y)) {
            case let (m?, n?) where m != n: return m < n
            case (_?, nil): return true
            case (nil, _?): return false
            default: return x.utf8.lexicographicallyPrecedes(y.utf8)
            }
        }
        if pa.count != pb.count { return pa.count < pb.count }
        return a.value.utf8.lexicographicallyPrecedes(b.value.utf8)
    }
}
