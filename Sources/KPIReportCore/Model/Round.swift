import Foundation

/// A reporting round of the fiscal year: `R6`, `R12`, `Q1`…`Q4` (cumulative quarters) or `M01`…`M12`
/// (fiscal months, `M01` = October).
///
/// Every round covers the fiscal year from 1 October up to the end of its last month, so rounds are
/// ordered by that last month; when two rounds end in the same month the longer-named kind (a half-year
/// round over a quarter over a month) sorts last, because it is the one the official summary reports.
public struct Round: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The kind of round; its raw value is the code prefix.
    public enum Kind: Int, Sendable {
        case month = 0, quarter = 1, halfYear = 2
    }

    /// What the round is.
    public let kind: Kind
    /// Months 6 or 12 for `R`, quarter 1…4 for `Q`, fiscal month 1…12 for `M`.
    public let number: Int

    /// Creates a round from a code such as `R6`, `r12`, `Q3`, `M01` or `M1`; nil when it is not one.
    public init?(code raw: String) {
        let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
        guard let first = code.first, let number = Int(code.dropFirst()), code.count >= 2,
              code.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        switch first {
        case "R" where number == 6 || number == 12: self.kind = .halfYear
        case "Q" where (1...4).contains(number): self.kind = .quarter
        case "M" where (1...12).contains(number): self.kind = .month
        default: return nil
        }
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
        case .halfYear: return number
        case .quarter: return number * 3
        case .month: return number
        }
    }

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
}

/// A set of rounds as written in the `rounds` column (`R6;R12`); `nil` stands for "every round".
public typealias RoundSet = Set<Round>
