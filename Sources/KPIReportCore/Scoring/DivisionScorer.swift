/// One indicator of a division in one round: assessed (with its score) or not (its weight moved away).
public struct ScoredIndicator: Hashable, Sendable {
    /// The indicator's number.
    public let id: IndicatorID
    /// The rules row that applies in the round (for a round that does not assess it, its first row).
    public let rule: Indicator
    /// The round that assesses it next, when this one does not (for `รายงานรอบ ๑๒ เดือน`); nil when
    /// assessed.
    public let assessedIn: Round?
    /// What was reported, when anything was.
    public let result: ReportedResult?
    /// The score's working; nil when the round does not assess it.
    public let working: ScoreWorking?
    /// Weight by the agreement (1 for every indicator of a division that gives no weights).
    public let baseWeight: Double
    /// Weight moved away (all of it when not assessed).
    public let movedOut: Double
    /// Weight received from indicators not assessed in the round.
    public let movedIn: Double

    /// True when the round assesses the indicator.
    public var isAssessed: Bool { working != nil }
    /// The weight it counts with in the round: base − out + in.
    public var effectiveWeight: Double { baseWeight - movedOut + movedIn }
    /// Score × effective weight (0 when not assessed).
    public var weightedScore: Double { (working?.score ?? 0) * effectiveWeight }
}

/// A weight move applied in a round: from an indicator the round does not assess to one it does.
public struct AppliedMove: Hashable, Sendable {
    /// The indicator that is not assessed.
    public let from: IndicatorID
    /// The receiving indicator; nil when the rules give no `redistribute_to` (the weight is lost).
    public let to: IndicatorID?
    /// The weight moved.
    public let amount: Double
}

/// A division's scores in one round.
public struct DivisionRound: Hashable, Sendable {
    /// The division.
    public let division: Division
    /// Fiscal year (BE).
    public let fiscalYear: Int
    /// The round.
    public let round: Round
    /// Every indicator, in indicator order.
    public let indicators: [ScoredIndicator]
    /// The weight moves, in the order of the indicators they leave.
    public let moves: [AppliedMove]
    /// False when the division's indicators carry no weights (they count equally).
    public let isWeighted: Bool
    /// True when the division reported anything in this round.
    public let hasData: Bool

    /// Σ effective weights (100 for a sound agreement).
    public var totalWeight: Double { indicators.reduce(0) { $0 + $1.effectiveWeight } }
    /// Σ score × effective weight.
    public var weightedSum: Double { indicators.reduce(0) { $0 + $1.weightedScore } }
    /// The division's total: Σ(score × weight)/Σ(weight), rounded to 4 decimals as the summary prints it.
    public var total: Double {
        let weight = totalWeight
        return weight == 0 ? 0 : ExcelMath.round(weightedSum / weight, 4)
    }
}

/// Scores divisions round by round: applies the criteria of the round, the weight moves for what the
/// round does not assess, the late penalties, and checks that the weights add up.
public enum DivisionScorer {
    /// Scores one division in one round; problems (moves to indicators the round does not assess,
    /// weights that do not sum to 100) go to `diagnostics`, as errors unless `allowWeightGap`.
    public static func score(_ division: Division, round: Round, in data: FiscalYearData, allowWeightGap: Bool,
                             checkWeights requested: Bool = true, diagnostics: inout Diagnostics) -> DivisionRound {
        let rows = data.indicators[division.id] ?? []
        let results = (data.results[division.id] ?? []).filter { $0.round == round }
        let weighted = rows.contains { $0.weight != nil }
        var resultByID: [IndicatorID: ReportedResult] = [:]
        for result in results { resultByID[result.indicatorID] = result }

        struct Line { var id: IndicatorID; var rule: Indicator; var assessed: Bool; var base: Double; var out = 0.0; var into = 0.0 }
        var lines: [Line] = []
        for id in data.indicatorIDs(of: division.id) {
            let own = rows.filter { $0.id == id }
            let rule = own.first { $0.assesses(round) }
            guard let display = rule ?? own.first else { continue }
            lines.append(Line(id: id, rule: display, assessed: rule != nil, base: weighted ? (display.weight ?? 0) : 1))
        }
        var moves: [AppliedMove] = []
        var lost: [IndicatorID] = []
        // A move to an indicator the division lacks is reported where the rules are read; the weights
        // cannot be checked then.
        var checkWeights = requested && !data.uncheckedWeights.contains(division.id)
        let position = Dictionary(uniqueKeysWithValues: lines.enumerated().map { ($0.element.id, $0.offset) })
        for i in lines.indices where !lines[i].assessed && lines[i].base > 0 {
            let line = lines[i]
            lines[i].out = line.base
            if line.rule.moves.isEmpty {
                moves.append(AppliedMove(from: line.id, to: nil, amount: line.base))
                lost.append(line.id)
                continue
            }
            for move in line.rule.moves {
                let amount = move.amount ?? line.base
                guard let j = position[move.target] else {
                    checkWeights = false
                    moves.append(AppliedMove(from: line.id, to: nil, amount: amount))
                    continue
                }
                guard lines[j].assessed else {
                    diagnostics.error(line.rule.location, "\(division.id) \(round): indicator \(line.id) moves its weight to \(move.target), which \(round) does not assess either")
                    checkWeights = false
                    moves.append(AppliedMove(from: line.id, to: nil, amount: amount))
                    continue
                }
                lines[j].into += amount
                moves.append(AppliedMove(from: line.id, to: move.target, amount: amount))
            }
        }

        var scored: [ScoredIndicator] = []
        for line in lines {
            let result = resultByID[line.id]
            let working = line.assessed ? ScoringMethods.score(line.rule, result) : nil
            scored.append(ScoredIndicator(id: line.id, rule: line.rule,
                                          assessedIn: line.assessed ? nil : nextAssessing(line.id, after: round, rows: rows),
                                          result: line.assessed ? result : nil, working: working,
                                          baseWeight: line.base, movedOut: line.out, movedIn: line.into))
        }
        let scoredRound = DivisionRound(division: division, fiscalYear: data.year, round: round, indicators: scored,
                                        moves: moves, isWeighted: weighted, hasData: !results.isEmpty)
        if checkWeights && weighted && !lines.isEmpty && abs(scoredRound.totalWeight - 100) > 1e-9 {
            var message = "\(division.id) \(round): effective weights sum to \(NumberText.plain((scoredRound.totalWeight * 1e9).rounded() / 1e9)), not 100"
            if !lost.isEmpty {
                message += " (\(lost.map(\.value).joined(separator: ", ")) \(lost.count == 1 ? "is" : "are") not assessed in \(round) and \(lost.count == 1 ? "has" : "have") no redistribute_to)"
            }
            let at = rows.first.map { SourceLocation(file: $0.location.file, line: $0.location.line, column: data.weightColumn) }
            if allowWeightGap { diagnostics.warning(at, message) } else { diagnostics.error(at, message + " (fix the weights, or run with --allow-weight-gap)") }
        }
        return scoredRound
    }

    /// The round that assesses an indicator: the first after `round`, else the first of the year.
    static func nextAssessing(_ id: IndicatorID, after round: Round, rows: [Indicator]) -> Round? {
        let rounds = rows.filter { $0.id == id }.compactMap(\.rounds).flatMap { $0 }.sorted()
        return rounds.first { $0 > round } ?? rounds.first
    }
}
