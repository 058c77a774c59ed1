/// How an agreement's weights stand in one round: which indicators the round assesses, and where the
/// weight of each indicator it does not assess goes (`redistribute_to`). The sums themselves are
/// formulas in the round's sheet; validation checks that weight is conserved.
public struct WeightPlan: Hashable, Sendable {
    /// A move of weight in the round.
    public struct Move: Hashable, Sendable {
        /// The indicator the round does not assess.
        public let from: IndicatorID
        /// The receiving indicator; nil when the rules give no `redistribute_to` (the weight is lost).
        public let to: IndicatorID?
        /// The part moved; nil = all of `from`'s weight.
        public let amount: Double?
    }

    /// The round.
    public let round: Round
    /// The moves, in the order of the indicators they leave.
    public let moves: [Move]

    /// One indicator's weight as the plan needs it.
    struct Line {
        let id: IndicatorID
        let weight: Double
        let assessed: Bool
        let moves: [WeightMove]
    }

    /// A move the rules ask for that the round cannot make.
    enum Problem {
        /// `redistribute_to` names an indicator the round does not assess either.
        case intoUnassessed(from: IndicatorID, to: IndicatorID)
    }

    /// The plan of a round from a unit's rules rows (file order; an indicator's first row gives its weight
    /// and moves, any of its rows may assess the round), and what is wrong with it.
    static func make<Row: RulesRow>(_ rows: [Row], ids: [IndicatorID], round: Round) -> (plan: WeightPlan, problems: [Problem], lost: [(IndicatorID, Double)]) {
        let lines = ids.compactMap { id -> Line? in
            guard let first = rows.first(where: { $0.id == id }) else { return nil }
            let assessed = rows.contains { $0.id == id && ($0.rounds?.contains(round) ?? true) }
            return Line(id: id, weight: first.weight ?? 0, assessed: assessed, moves: first.moves)
        }
        return make(lines, round: round)
    }

    /// The plan of a round, and what is wrong with it; `lost` is the weight of unassessed indicators that
    /// go nowhere.
    static func make(_ lines: [Line], round: Round) -> (plan: WeightPlan, problems: [Problem], lost: [(IndicatorID, Double)]) {
        let assessed = Set(lines.filter(\.assessed).map(\.id))
        var moves: [Move] = []
        var problems: [Problem] = []
        var lost: [(IndicatorID, Double)] = []
        for line in lines where !line.assessed && line.weight > 0 {
            if line.moves.isEmpty {
                moves.append(Move(from: line.id, to: nil, amount: nil))
                lost.append((line.id, line.weight))
                continue
            }
            for move in line.moves {
                if assessed.contains(move.target) {
                    moves.append(Move(from: line.id, to: move.target, amount: move.amount))
                } else {
                    problems.append(.intoUnassessed(from: line.id, to: move.target))
                    moves.append(Move(from: line.id, to: nil, amount: move.amount))
                    lost.append((line.id, move.amount ?? line.weight))
                }
            }
        }
        return (WeightPlan(round: round, moves: moves), problems, lost)
    }
}

/// What a weight plan reads of a rules row (validation's compact rows and the loaded indicators alike).
protocol RulesRow {
    var id: IndicatorID { get }
    var weight: Double? { get }
    var rounds: RoundSet? { get }
    var moves: [WeightMove] { get }
}

extension Indicator: RulesRow {}
