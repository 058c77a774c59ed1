/// How an indicator's result becomes a score of 0–5 (SPEC §2).
public enum ScoringMethod: String, Sendable, CaseIterable {
    /// Five criteria t1…t5, linear between levels.
    case threshold
    /// Percentage of target in 10-point bands (seed 003's annex).
    case targetRatio = "target_ratio"
    /// The assessed level 0–5 is the score.
    case level
}

/// Whether a larger result is better.
public enum Direction: String, Sendable, CaseIterable {
    /// More is better (satisfaction, % on time).
    case higher
    /// Less is better (error rates, complaints: criteria 10/8/6/4/2).
    case lower

    /// Reads `higher`/`lower`, or the Thai words offices use (มากดี, น้อยดี, ค่าน้อยดี, …).
    public init?(text: String) {
        switch text.lowercased().trimmingASCIIAndThaiSpaces() {
        case "higher", "high", "up", "มาก", "มากดี", "ค่ามากดี", "สูง": self = .higher
        case "lower", "low", "down", "น้อย", "น้อยดี", "ค่าน้อยดี", "ต่ำ": self = .lower
        default: return nil
        }
    }
}

/// Where an indicator's weight goes in a round that does not assess it.
public struct WeightMove: Hashable, Sendable {
    /// The indicator that receives the weight.
    public let target: IndicatorID
    /// The amount; nil means "all of the weight" (`redistribute_to` = `6.1`).
    public let amount: Double?

    /// Creates a move.
    public init(target: IndicatorID, amount: Double?) {
        self.target = target
        self.amount = amount
    }
}

/// One row of the rules table: an indicator of one division, with the criteria that apply in the
/// rounds it names (seed 004 gives the same indicator two rows with different criteria per round).
public struct Indicator: Hashable, Sendable {
    /// Fiscal year (BE) the row belongs to; nil when the inputs carry no `year` column.
    public let year: Int?
    /// Whose agreement it is.
    public let divisionID: String
    /// The printed number, e.g. `2.1`.
    public let id: IndicatorID
    /// The indicator's text.
    public let name: String
    /// ร้อยละ, ระดับ, จำนวน, …
    public let unit: String
    /// Weight in % of the division's total; nil when the division's indicators carry no weights
    /// (then they count equally, as in the department's annexes).
    public let weight: Double?
    /// How the result is scored.
    public let method: ScoringMethod
    /// Whether more is better.
    public let direction: Direction
    /// t1…t5 for `threshold`; empty otherwise.
    public let criteria: [Double]
    /// Target value (`target_ratio`; shown for all when given).
    public let target: Double?
    /// Rounds that assess it; nil = every round.
    public let rounds: RoundSet?
    /// Section path, outermost first (มิติ, ด้าน, วัตถุประสงค์).
    public let group: [String]
    /// Where the weight goes in a round that does not assess it.
    public let moves: [WeightMove]
    /// Points taken off per day late; 0 = none.
    public let latePenalty: Double
    /// The remark column.
    public let note: String
    /// The row in the rules table.
    public let location: SourceLocation

    /// Creates an indicator row.
    public init(year: Int? = nil, divisionID: String, id: IndicatorID, name: String, unit: String = "",
                weight: Double?, method: ScoringMethod, direction: Direction = .higher,
                criteria: [Double] = [], target: Double? = nil, rounds: RoundSet? = nil,
                group: [String] = [], moves: [WeightMove] = [], latePenalty: Double = 0,
                note: String = "", location: SourceLocation) {
        self.year = year
        self.divisionID = divisionID
        self.id = id
        self.name = name
        self.unit = unit
        self.weight = weight
        self.method = method
        self.direction = direction
        self.criteria = criteria
        self.target = target
        self.rounds = rounds
        self.group = group
        self.moves = moves
        self.latePenalty = latePenalty
        self.note = note
        self.location = location
    }

    /// True when the row's criteria apply in `round`.
    public func assesses(_ round: Round) -> Bool { rounds?.contains(round) ?? true }
}
