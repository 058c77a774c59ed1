/// The working of one indicator's score in one round: every intermediate quantity the workbook shows
/// and recomputes with a formula (SPEC §2).
public struct ScoreWorking: Hashable, Sendable {
    /// The result the score is taken from (result, numerator × 100 / denominator, or level); nil when
    /// nothing was reported.
    public let measured: Double?
    /// `target_ratio` only: % of target.
    public let ratio: Double?
    /// The level reached: the band 0–5 for `target_ratio` (the annex's อยู่ในช่วงคะแนน), the highest
    /// criterion met for `threshold`, the whole part of the level for `level`.
    public let level: Int
    /// The score by the criteria, before any late penalty.
    public let rawScore: Double
    /// Days the report was late.
    public let daysLate: Int
    /// Points taken off: penalty per day × days late.
    public let penalty: Double
    /// The score: raw − penalty, never below 0.
    public let score: Double
    /// The score rounded to 2 decimals, as the annex sums it.
    public let annexScore: Double

    init(measured: Double?, ratio: Double?, level: Int, rawScore: Double, daysLate: Int, penalty: Double, score: Double) {
        self.measured = measured
        self.ratio = ratio
        self.level = level
        self.rawScore = rawScore
        self.daysLate = daysLate
        self.penalty = penalty
        self.score = score
        annexScore = ExcelMath.round(score, 2)
    }
}

/// The scoring methods, each a pure function of the result and the criteria.
public enum ScoringMethods {
    /// `threshold`: levels 1…5 need t1…t5; linear between levels; below t1 scores 0, from t5 on 5.
    /// For `lower`, t1 > … > t5 and the comparisons turn round.
    public static func threshold(_ r: Double, criteria t: [Double], direction: Direction) -> (score: Double, level: Int) {
        // The rules table guarantees five criteria; anything else scores nothing rather than crash.
        guard t.count == 5 else { return (0, 0) }
        switch direction {
        case .higher:
            if r >= t[4] { return (5, 5) }
            for k in stride(from: 3, through: 0, by: -1) where r >= t[k] {
                return (Double(k + 1) + (r - t[k]) / (t[k + 1] - t[k]), k + 1)
            }
        case .lower:
            if r <= t[4] { return (5, 5) }
            for k in stride(from: 3, through: 0, by: -1) where r <= t[k] {
                return (Double(k + 1) + (t[k] - r) / (t[k] - t[k + 1]), k + 1)
            }
        }
        return (0, 0)
    }

    /// `target_ratio` step 1: the result as % of target; for `lower`, (100 − r)/(100 − target) × 100
    /// (seed 003: target 23 %, result 18.62 → 105.69).
    public static func ratio(_ r: Double, target: Double, direction: Direction) -> Double {
        switch direction {
        case .higher: return r / target * 100
        case .lower: return (100 - r) / (100 - target) * 100
        }
    }

    /// The lower bound of each band, level 1…5.
    public static let bandFloors: [Double] = [60, 70, 80, 90, 100]

    /// `target_ratio` step 2: bands 60/70/80/90/100 → levels 1…5, score = level + (ratio − floor)/10
    /// below 100; 0 < ratio < 60 → 1.00; ratio 0 (or below) → 0.
    public static func bandScore(ratio: Double) -> (score: Double, level: Int) {
        if ratio >= 100 { return (5, 5) }
        for k in stride(from: 3, through: 0, by: -1) where ratio >= bandFloors[k] {
            return (Double(k + 1) + (ratio - bandFloors[k]) / 10, k + 1)
        }
        return ratio > 0 ? (1, 1) : (0, 0)
    }

    /// The value an annex prints in the band column the ratio falls in (60, 70, 80, 90 or 100).
    public static func bandValue(level: Int) -> Double { level == 0 ? 0 : bandFloors[level - 1] }

    /// Scores one indicator row against one reported result.
    public static func score(_ rule: Indicator, _ result: ReportedResult?) -> ScoreWorking {
        let measured = result?.measured
        var ratio: Double?
        var raw = 0.0
        var level = 0
        if let r = measured {
            switch rule.method {
            case .threshold:
                (raw, level) = threshold(r, criteria: rule.criteria, direction: rule.direction)
            case .targetRatio:
                let x = Self.ratio(r, target: rule.target ?? 0, direction: rule.direction)
                ratio = x
                (raw, level) = bandScore(ratio: x)
            case .level:
                raw = r
                level = Int(r.rounded(.down))
            }
        }
        let days = rule.latePenalty > 0 ? (result?.daysLate ?? 0) : 0
        let penalty = rule.latePenalty * Double(days)
        return ScoreWorking(measured: measured, ratio: ratio, level: level, rawScore: raw, daysLate: days,
                            penalty: penalty, score: max(0, raw - penalty))
    }
}
