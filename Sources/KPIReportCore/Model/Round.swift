/// A reporting round of the fiscal year: `R6`, `R12`, `Q1`…`Q4` (cumulative quarters) or `M01`…`M12`
/// (fiscal months, `M01` = October).
///
/// Every round covers the fiscal year from 1 October up to the end of its last month, so rounds are
/// ordered by that last month; when two rounds end in the same month the longer kind (a half-year round
/// over a quarter over a month) sorts last, because it is the one the official summary reports.
public struct Round: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The kind of round.
    public enum Kind: Int, Sendable {
        case month = 0, quarter = 1, halfYear = 2
    }

    /// What the round is.
    public let kind: Kind
    /// Months 6 or 12 for `R`, quarter 1…4 for `Q`, fiscal month 1…12 for `M`.
    public let number: Int

    /// Creates a round from a code such as `R6`, `r12`, `Q3`, `M01` or `M1`; nil when it is not one.
    public init?(code raw: String) {
        // A code as programs write it (`R6`, `m03`) is read as it is; any other with its spaces trimmed
        // and its Thai digits made ASCII.
        guard let (letter, number) = Round.letterAndNumber(raw) ?? Round.letterAndNumber(ThaiDigits.toASCII(raw.trimmingASCIIAndThaiSpaces()))
        else { return nil }
        switch letter {
        case 0x52 where number == 6 || number == 12: kind = .halfYear
        case 0x51 where (1...4).contains(number): kind = .quarter
        case 0x4D where (1...12).contains(number): kind = .month
        default: return nil
        }
        self.number = number
    }

    /// A code of two or three visible ASCII characters, a first and digits: the first upper-cased (as a
    /// byte) and the digits' number.
    private static func letterAndNumber(_ text: String) -> (UInt8, Int)? {
        let parsed: (UInt8, Int)?? = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.count >= 2, bytes.count <= 3, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x80 }) else { return nil }
            var number = 0
            for digit in bytes.dropFirst() {
                guard digit >= 0x30 && digit <= 0x39 else { return nil }
                number = number * 10 + Int(digit - 0x30)
            }
            return (bytes[0] & 0xDF, number)
        }
        return parsed ?? nil
    }

    init(kind: Kind, number: Int) {
        self.kind = kind
        self.number = number
    }

    /// The canonical code: `R6`, `R12`, `Q1`, `M01`.
    public var code: String {
        switch kind {
        case .halfYear: return "R\(number)"
        case .quarter: return "Q\(number)"
        case .month: return number < 10 ? "M0\(number)" : "M\(number)"
        }
    }

    public var description: String { code }

    /// The last fiscal month the round covers (1 = October … 12 = September).
    public var lastFiscalMonth: Int {
        switch kind {
        case .halfYear, .month: return number
        case .quarter: return number * 3
        }
    }

    /// Months of the fiscal year the round covers (cumulative: from October).
    public var months: Int { lastFiscalMonth }

    public static func < (a: Round, b: Round) -> Bool {
        (a.lastFiscalMonth, a.kind.rawValue) < (b.lastFiscalMonth, b.kind.rawValue)
    }

    /// The date on which the round's period ends, for a fiscal year in Buddhist Era.
    public func periodEnd(fiscalYear: Int) -> CivilDate {
        // Fiscal month 1 is October of the previous Gregorian year.
        let gregorianYear = fiscalYear - 543
        let calendarMonth = (lastFiscalMonth + 8) % 12 + 1
        let year = lastFiscalMonth <= 3 ? gregorianYear - 1 : gregorianYear
        return CivilDate(year: year, month: calendarMonth, day: CivilDate.daysIn(month: calendarMonth, year: year))
    }

    /// The fiscal year (BE) whose occurrence of this round is the latest one ended on or before `date`:
    /// the year a report due or sent on that date belongs to.
    public func fiscalYear(reportedOn date: CivilDate) -> Int {
        var year = date.year + 543 + 1
        while periodEnd(fiscalYear: year) > date { year -= 1 }
        return year
    }

    /// Position in `RoundSet`'s bits: M01…M12 → 0…11, Q1…Q4 → 12…15, R6 → 16, R12 → 17.
    var bit: Int {
        switch kind {
        case .month: return number - 1
        case .quarter: return 11 + number
        case .halfYear: return number == 6 ? 16 : 17
        }
    }

    /// Every round there is, in order.
    public static let all: [Round] = ((1...12).map { Round(kind: .month, number: $0) }
        + (1...4).map { Round(kind: .quarter, number: $0) }
        + [Round(kind: .halfYear, number: 6), Round(kind: .halfYear, number: 12)]).sorted()
}

/// A set of rounds as written in the `rounds` column (`R6;R12`): a bit per round, no allocation.
public struct RoundSet: Hashable, Sendable, Sequence {
    /// One bit per round (see `Round.bit`).
    public private(set) var bits: UInt32

    /// The empty set.
    public init() { bits = 0 }

    /// The set of these bits (see `Round.bit`).
    init(bits: UInt32) { self.bits = bits }

    /// A set of the given rounds.
    public init<S: Sequence>(_ rounds: S) where S.Element == Round {
        bits = 0
        for round in rounds { insert(round) }
    }

    /// Adds a round.
    public mutating func insert(_ round: Round) { bits |= 1 << UInt32(round.bit) }

    /// True when the set holds `round`.
    public func contains(_ round: Round) -> Bool { bits & (1 << UInt32(round.bit)) != 0 }

    /// True when the sets share a round.
    public func intersects(_ other: RoundSet) -> Bool { bits & other.bits != 0 }

    /// True when the set is empty.
    public var isEmpty: Bool { bits == 0 }

    /// The rounds, in order.
    public func makeIterator() -> IndexingIterator<[Round]> { Round.all.filter(contains).makeIterator() }
}
