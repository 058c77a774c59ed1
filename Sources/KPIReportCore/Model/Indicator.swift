/// A unit of the department with its own performance agreement (a สำนัก, กอง or ศูนย์), or the
/// department itself, which holds its own policy and action-plan indicators.
public struct Division: Hashable, Sendable {
    /// The code that names its workbook.
    public let id: DivisionID
    /// Thai name, e.g. สำนักงานเลขานุการกรม.
    public let name: String
    /// Thai abbreviation, e.g. สล.; may be empty.
    public let shortName: String
    /// True for the department's own unit (named กรม…, or given with `--department`).
    public let isDepartment: Bool

    /// Creates a unit.
    public init(id: DivisionID, name: String, shortName: String = "", isDepartment: Bool = false) {
        self.id = id
        self.name = name
        self.shortName = shortName
        self.isDepartment = isDepartment
    }
}

/// Whether a larger result is better.
public enum Direction: String, Sendable, Hashable, CaseIterable {
    /// More is better (satisfaction, % on time).
    case higher
    /// Less is better (error rates, complaints: criteria 10/8/6/4/2).
    case lower

    /// Reads `higher`/`lower`, or the Thai words offices use (มากดี, น้อยดี, ค่าน้อยดี, …).
    public init?(text: String) {
        // As the rules table nearly always has it, before lowercasing and trimming.
        if text == "higher" { self = .higher; return }
        if text == "lower" { self = .lower; return }
        switch text.lowercased().trimmingASCIIAndThaiSpaces() {
        case "higher", "high", "up", "มาก", "มากดี", "ค่ามากดี", "สูง": self = .higher
        case "lower", "low", "down", "น้อย", "น้อยดี", "ค่าน้อยดี", "ต่ำ": self = .lower
        default: return nil
        }
    }
}

/// The five results needed for levels 1…5, strictly increasing (or strictly decreasing for
/// `lower`): only validation makes one.
public struct Criteria: Hashable, Sendable {
    /// t1…t5.
    public let values: [Double]

    /// The criteria, when they are five and strictly monotonic in `direction`; otherwise the index
    /// (0-based) of the first value out of order.
    static func make(_ values: [Double], _ direction: Direction) -> Result<Criteria, OutOfOrder> {
        for k in 1..<values.count {
            let ordered = direction == .higher ? values[k] > values[k - 1] : values[k] < values[k - 1]
            if !ordered { return .failure(OutOfOrder(index: k)) }
        }
        return .success(Criteria(values: values))
    }

    /// The first criterion out of order.
    struct OutOfOrder: Error { let index: Int }
}

/// How an indicator's result becomes a score of 0–5 (SPEC §2). Each case carries exactly what its
/// method needs.
public enum ScoringRule: Hashable, Sendable {
    /// Five criteria, linear between levels.
    case threshold(Criteria, Direction)
    /// Percentage of target in 10-point bands (seed 003's annex).
    case targetRatio(target: Double, Direction)
    /// The assessed level 0–5 is the score.
    case level

    /// The method's name in the rules table.
    public var method: Method {
        switch self {
        case .threshold: return .threshold
        case .targetRatio: return .targetRatio
        case .level: return .level
        }
    }

    /// The names of the methods in the `method` column.
    public enum Method: String, Sendable, CaseIterable {
        case threshold
        case targetRatio = "target_ratio"
        case level
    }

    /// Whether more is better (`level` counts as higher).
    public var direction: Direction {
        switch self {
        case .threshold(_, let d), .targetRatio(_, let d): return d
        case .level: return .higher
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

/// One row of the rules table: an indicator of one unit, with the rule that applies in the rounds it
/// names (seed 004 gives the same indicator two rows with different criteria per round). Immutable and
/// shared: a class, so that the sheets that each read it take one reference, not a copy of its dozen
/// texts and lists.
public final class Indicator: Sendable {
    /// The printed number, e.g. `2.1`.
    public let id: IndicatorID
    /// The indicator's text.
    public let name: String
    /// ร้อยละ, ระดับ, จำนวน, …
    public let unit: String
    /// Weight in % of the unit's total; nil only for an annex-only department unit.
    public let weight: Double?
    /// How the result is scored.
    public let rule: ScoringRule
    /// The `target` column, shown for every method (for `target_ratio` it is the rule's target).
    public let target: Double?
    /// Rounds that assess it; nil = every round.
    public let rounds: RoundSet?
    /// Section path, outermost first (มิติ, ด้าน, วัตถุประสงค์).
    public let group: [String]
    /// Title of the annex table it belongs to; empty = the unit's one annex.
    public let annex: String
    /// Where the weight goes in a round that does not assess it.
    public let moves: [WeightMove]
    /// Points taken off per day late; 0 = none.
    public let latePenalty: Double
    /// The remark column.
    public let note: String
    /// The row in the rules table.
    public let location: SourceLocation

    /// Creates an indicator row.
    public init(id: IndicatorID, name: String, unit: String = "", weight: Double?, rule: ScoringRule,
                target: Double? = nil, rounds: RoundSet? = nil, group: [String] = [], annex: String = "",
                moves: [WeightMove] = [], latePenalty: Double = 0, note: String = "", location: SourceLocation) {
        self.id = id
        self.name = name
        self.unit = unit
        self.weight = weight
        self.rule = rule
        self.target = target
        self.rounds = rounds
        self.group = group
        self.annex = annex
        self.moves = moves
        self.latePenalty = latePenalty
        self.note = note
        self.location = location
    }

    /// True when the row's rule applies in `round`.
    public func assesses(_ round: Round) -> Bool { rounds?.contains(round) ?? true }
}

/// What a unit reported for one indicator in one round: the field its method needs.
public enum Measure: Hashable, Sendable {
    /// `result`.
    case value(Double)
    /// `numerator` and `denominator`: result = numerator × 100 / denominator.
    case fraction(numerator: Double, denominator: Double)
    /// `level` (0–5) for `level` indicators.
    case level(Double)
}

/// One row of the results. Immutable and shared (a class): the sheets that read it take a reference.
public final class ReportedResult: Sendable {
    /// For which indicator.
    public let indicator: IndicatorID
    /// For which round.
    public let round: Round
    /// The measured value.
    public let measure: Measure
    /// When the report was due.
    public let dueOn: CivilDate?
    /// When it was sent.
    public let reportedOn: CivilDate?
    /// Free text.
    public let note: String
    /// The row.
    public let location: SourceLocation

    /// Creates a result.
    public init(indicator: IndicatorID, round: Round, measure: Measure, dueOn: CivilDate? = nil,
                reportedOn: CivilDate? = nil, note: String = "", location: SourceLocation) {
        self.indicator = indicator
        self.round = round
        self.measure = measure
        self.dueOn = dueOn
        self.reportedOn = reportedOn
        self.note = note
        self.location = location
    }
}

/// An action-plan project (seed 003's projects table) as assessed in one round.
public struct Project: Hashable, Sendable {
    /// One indicator line of a project and its target.
    public struct Line: Hashable, Sendable {
        /// The indicator text as given (numbered `๑.` by the office, or not).
        public let text: String
        /// The target: a number where the input is one.
        public let target: TargetValue
    }

    /// A target as printed: a number (`๒,๐๐๐`) or a phrase (`๒๒๐,๐๐๐ ล้านบาท`).
    public enum TargetValue: Hashable, Sendable {
        case number(Double)
        case text(String)
        case none
    }

    /// The project's number as printed.
    public let id: String
    /// The plan heading (แผนปฏิบัติการ เรื่องที่ …).
    public let plan: String
    /// Project name.
    public let name: String
    /// The responsible unit as printed (พ.บ., ศทส., …).
    public let responsible: String
    /// Its indicators and targets, one line each.
    public let lines: [Line]
    /// Budget in baht; nil when the project uses no budget.
    public let budget: Double?
    /// Disbursed in baht; nil when nothing is recorded.
    public let disbursed: Double?
    /// The round the progress was assessed in; nil = every round.
    public let round: Round?
    /// Progress level 0, 25, 50, 75 or 100.
    public let progress: Int
    /// The (first) row.
    public let location: SourceLocation

    /// The progress levels a project can be marked at.
    public static let progressLevels = [0, 25, 50, 75, 100]
}
