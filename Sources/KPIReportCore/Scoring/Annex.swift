/// The subtotals of an annex (seed 003): (B) full score = 5 × indicators, (A) = Σ scores rounded to
/// 2 decimals each, (C) = A × 100 / B, shown to 2 decimals.
public struct AnnexTotals: Hashable, Sendable, Codable {
    /// Number of indicators.
    public let count: Int
    /// (A): Σ of the 2-decimal scores.
    public let actual: Double
    /// (B): 5 × count.
    public let full: Double
    /// (C): A × 100 / B, rounded to 2 decimals (0 when there is nothing to score).
    public let percent: Double

    /// Totals over a list of indicators.
    init(_ indicators: [ScoredIndicator]) {
        count = indicators.count
        // Summed in row order, as the spreadsheet's SUM does.
        actual = indicators.reduce(0) { $0 + ($1.working?.annexScore ?? 0) }
        full = 5 * Double(count)
        percent = full == 0 ? 0 : ExcelMath.round(actual * 100 / full, 2)
    }

    private enum CodingKeys: String, CodingKey {
        case count, actual = "A", full = "B", percent = "C"
    }
}

/// A section of an annex: its heading, its own indicators, its sub-sections, and its subtotal rows.
public struct AnnexGroup: Hashable, Sendable {
    /// The heading as written in the `group` column.
    public let title: String
    /// 0 for the outermost headings of the annex.
    public let depth: Int
    /// The section's content in the order of the rules table.
    public let entries: [AnnexEntry]
    /// Every indicator of the section and its sub-sections, in order.
    public let allIndicators: [ScoredIndicator]
    /// (A), (B), (C) of the section.
    public let totals: AnnexTotals

    /// Creates a section and sums it.
    public init(title: String, depth: Int, entries: [AnnexEntry]) {
        self.title = title
        self.depth = depth
        self.entries = entries
        allIndicators = entries.flatMap { entry -> [ScoredIndicator] in
            switch entry {
            case .indicator(let i): return [i]
            case .group(let g): return g.allIndicators
            }
        }
        totals = AnnexTotals(allIndicators)
    }
}

/// An item of an annex section.
public indirect enum AnnexEntry: Hashable, Sendable {
    case indicator(ScoredIndicator)
    case group(AnnexGroup)
}

/// One annex table: a title, the sections, and the overall (A), (B), (C).
public struct AnnexTable: Hashable, Sendable {
    /// The title (the division's name, or the first segment of the group path for the department's
    /// policy and action-plan annexes).
    public let title: String
    /// The division the indicators belong to.
    public let divisionID: String
    /// The round.
    public let round: Round
    /// The content.
    public let entries: [AnnexEntry]
    /// Every indicator in order.
    public let allIndicators: [ScoredIndicator]
    /// The overall (A), (B), (C): `Annex_C` is its C.
    public let totals: AnnexTotals

    /// Creates a table and sums it.
    public init(title: String, divisionID: String, round: Round, entries: [AnnexEntry]) {
        self.title = title
        self.divisionID = divisionID
        self.round = round
        self.entries = entries
        let all = AnnexGroup(title: title, depth: -1, entries: entries)
        allIndicators = all.allIndicators
        totals = all.totals
    }

    /// Every section, outer before inner, in order.
    public var allGroups: [AnnexGroup] {
        func walk(_ entries: [AnnexEntry]) -> [AnnexGroup] {
            entries.flatMap { entry -> [AnnexGroup] in
                if case .group(let g) = entry { return [g] + walk(g.entries) }
                return []
            }
        }
        return walk(entries)
    }
}

/// Builds annex tables from a division's scored round.
public enum AnnexBuilder {
    /// The annex of a division's round: the indicators the round assesses, in sections by their group
    /// path. With `splitByFirstGroup` (the department's own indicators), each distinct first segment of
    /// the path becomes its own table, titled by it (the policy annex and the action-plan annex).
    public static func tables(for scored: DivisionRound, splitByFirstGroup: Bool) -> [AnnexTable] {
        let assessed = scored.indicators.filter(\.isAssessed)
        let firsts = orderedUnique(assessed.compactMap { $0.rule.group.first })
        if splitByFirstGroup && firsts.count >= 2 {
            return firsts.map { first in
                let members = assessed.filter { $0.rule.group.first == first }
                return AnnexTable(title: first, divisionID: scored.division.id, round: scored.round,
                                  entries: entries(members, depth: 1))
            } + {
                let loose = assessed.filter { $0.rule.group.isEmpty }
                return loose.isEmpty ? [] : [AnnexTable(title: scored.division.name, divisionID: scored.division.id,
                                                        round: scored.round, entries: entries(loose, depth: 0))]
            }()
        }
        return [AnnexTable(title: scored.division.name, divisionID: scored.division.id, round: scored.round,
                           entries: entries(assessed, depth: 0))]
    }

    /// Sections at `depth` of the group path, in order of first appearance; indicators whose path ends
    /// before `depth` stand directly in the list.
    static func entries(_ indicators: [ScoredIndicator], depth: Int) -> [AnnexEntry] {
        var result: [AnnexEntry] = []
        var emitted = Set<String>()
        for indicator in indicators {
            let path = indicator.rule.group
            guard path.count > depth else {
                result.append(.indicator(indicator))
                continue
            }
            let heading = path[depth]
            guard emitted.insert(heading).inserted else { continue }
            let members = indicators.filter { $0.rule.group.count > depth && $0.rule.group[depth] == heading }
            result.append(.group(AnnexGroup(title: heading, depth: depth, entries: entries(members, depth: depth + 1))))
        }
        return result
    }

    private static func orderedUnique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
