/// The scoring rules of SPEC §2, each written once, as a formula over the cells it reads. A workbook
/// cell holds the formula; its cached value is the formula's own evaluation; the figures the tool
/// prints and records in the manifest are read back from those cells. Every rule is stated once, in
/// `Body`, and built once as a template that each cell applies to its own arguments.
///
/// A result cell may hold the label `ไม่มีผลการดำเนินงาน` instead of a number (nobody reported):
/// `ISNUMBER` turns that into a score of 0, and a figure typed into the cell later makes it live.
public enum ScoringRules {
    // MARK: threshold (seeds 000, 001)

    /// The level reached: the highest criterion met (0 below t1).
    public static func thresholdLevel(result r: Formula, criteria t: [Formula], direction: Direction) -> Formula {
        (direction == .higher ? Templates.thresholdLevelHigher : Templates.thresholdLevelLower).applied(to: [r] + t)
    }

    /// The score: 5 from t5 on; k + (r − t_k)/(t_{k+1} − t_k) between t_k and t_{k+1}; 0 below t1.
    /// For `lower` (t1 > … > t5) the comparisons turn round.
    public static func thresholdScore(result r: Formula, criteria t: [Formula], direction: Direction) -> Formula {
        (direction == .higher ? Templates.thresholdScoreHigher : Templates.thresholdScoreLower).applied(to: [r] + t)
    }

    // MARK: target_ratio (seed 003)

    /// The result as % of target; for `lower`, (100 − r)/(100 − target) × 100 (seed 003: target 23 %,
    /// result 18.62 → 105.69). Empty text when there is no result.
    public static func ratio(result r: Formula, target: Formula, direction: Direction) -> Formula {
        (direction == .higher ? Templates.ratioHigher : Templates.ratioLower)(r, target)
    }

    /// Band floors of levels 1…5: 60–69.99 → 1, …, ≥ 100 → 5.
    public static let bandFloors: [Double] = [60, 70, 80, 90, 100]

    /// The band (level) of a ratio: 60/70/80/90/100 → 1…5; 0 < ratio < 60 → 1; no result or 0 → 0.
    public static func bandLevel(ratio x: Formula) -> Formula { Templates.bandLevel(x) }

    /// The score of a ratio: level + (ratio − floor)/10 below 100 (95.96 → 4.596), 5 from 100, 1 for
    /// 0 < ratio < 60, 0 for no result or 0.
    public static func bandScore(ratio x: Formula) -> Formula { Templates.bandScore(x) }

    /// The annex's band column for level k (1…5): the band's floor where the ratio falls, 0 elsewhere.
    public static func bandMark(level: Formula, column k: Int) -> Formula { Templates.bandMarks[k - 1](level) }

    // MARK: level

    /// The level reached: the whole part of the assessed level.
    public static func levelLevel(result r: Formula) -> Formula { Templates.levelLevel(r) }

    /// The score: the assessed level itself (fractions allowed).
    public static func levelScore(result r: Formula) -> Formula { Templates.levelScore(r) }

    // MARK: results

    /// A result given as numerator and denominator: numerator × 100 / denominator (seed 000).
    public static func fraction(numerator: Formula, denominator: Formula) -> Formula { Templates.fraction(numerator, denominator) }

    // MARK: late penalty (seed 004)

    /// Days late: reported − due, never negative; 0 when either date is missing.
    public static func daysLate(due: Formula, reported: Formula) -> Formula { Templates.daysLate(due, reported) }

    /// Points taken off: penalty per day × days late.
    public static func penalty(days: Formula, perDay: Formula) -> Formula { Templates.penalty(days, perDay) }

    /// The score after the penalty, never below 0 (seed 004: 3.5 − 3 × 0.10 = 3.20).
    public static func penalized(score: Formula, penalty: Formula) -> Formula { Templates.penalized(score, penalty) }

    // MARK: weights and totals (seed 001)

    /// The weight an indicator counts with in a round: its own, less what moves away, plus what it
    /// receives.
    public static func effectiveWeight(base: Formula, movedOut: Formula, movedIn: Formula) -> Formula {
        Templates.effectiveWeight(base, movedOut, movedIn)
    }

    /// Score × effective weight.
    public static func weighted(score: Formula, weight: Formula) -> Formula { Templates.weighted(score, weight) }

    /// The unit's total: Σ(score × weight) / Σ(weight), rounded to 4 decimals in the formula so every
    /// spreadsheet shows the official digits (seed 001: ๔.๕๕๐๐).
    public static func total(weightedSum: Formula, weightSum: Formula) -> Formula { Templates.total(weightedSum, weightSum) }

    // MARK: annexes (seed 003)

    /// The full score of one indicator in an annex: (B) of a section is the sum of its indicators'.
    public static let fullScore = 5.0

    /// An indicator's score as the annex sums it: rounded to 2 decimals first (seed 003: 9.56 / 15 =
    /// 63.73 %, not 63.74 %).
    public static func annexScore(score: Formula) -> Formula { Templates.annexScore(score) }

    /// (C) = (A) × 100 / (B), rounded to 2 decimals in the formula.
    public static func annexPercent(actual a: Formula, full b: Formula) -> Formula { Templates.annexPercent(a, b) }

    // MARK: projects (seed 003)

    /// Success % = Σ progress × 100 / (100 × projects), rounded to 2 decimals (seed 003: 4,225 × 100 /
    /// 4,900 = 86.22).
    public static func projectSuccess(progressSum: Formula, projects: Formula) -> Formula {
        Templates.projectSuccess(progressSum, projects)
    }

    // MARK: overview

    /// Rank among units, highest first (ties share a rank); "-" for a unit with no total.
    public static func rank(_ total: Formula, among totals: Formula) -> Formula { Templates.rank(total, totals) }

    /// Change from the previous round; "-" when either round has no total.
    public static func change(_ current: Formula, from previous: Formula) -> Formula { Templates.change(current, previous) }

    /// The mean of the units' totals, rounded to 4 decimals.
    public static func mean(_ totals: Formula) -> Formula { Templates.mean(totals) }

    // MARK: The rules

    /// Each rule's statement, over its arguments.
    enum Body {
        static func thresholdLevel(_ r: Formula, _ t: ArraySlice<Formula>, _ direction: Direction) -> Formula {
            var f: Formula = 0
            for k in 0..<5 { f = .IF(meets(r, t[t.startIndex + k], direction), .number(Double(k + 1)), f) }
            return .IF(.ISNUMBER(r), f, 0)
        }

        static func thresholdScore(_ r: Formula, _ c: ArraySlice<Formula>, _ direction: Direction) -> Formula {
            let t = Array(c)
            var f: Formula = 0
            for k in 0..<4 {
                let step: Formula = direction == .higher ? (r - t[k]) / (t[k + 1] - t[k]) : (t[k] - r) / (t[k] - t[k + 1])
                f = .IF(meets(r, t[k], direction), .number(Double(k + 1)) + step, f)
            }
            return .IF(.ISNUMBER(r), .IF(meets(r, t[4], direction), 5, f), 0)
        }

        static func meets(_ r: Formula, _ t: Formula, _ direction: Direction) -> Formula {
            direction == .higher ? r >= t : r <= t
        }

        static func ratio(_ r: Formula, _ target: Formula, _ direction: Direction) -> Formula {
            switch direction {
            case .higher: return .IF(.ISNUMBER(r), r / target * 100, "")
            case .lower: return .IF(.ISNUMBER(r), (100 - r) / (100 - target) * 100, "")
            }
        }

        static func bandLevel(_ x: Formula) -> Formula {
            var f: Formula = .IF(x > 0, 1, 0)
            for k in 0..<5 { f = .IF(x >= .number(bandFloors[k]), .number(Double(k + 1)), f) }
            return .IF(.ISNUMBER(x), f, 0)
        }

        static func bandScore(_ x: Formula) -> Formula {
            var f: Formula = .IF(x > 0, 1, 0)
            for k in 0..<4 {
                f = .IF(x >= .number(bandFloors[k]), .number(Double(k + 1)) + (x - .number(bandFloors[k])) / 10, f)
            }
            return .IF(.ISNUMBER(x), .IF(x >= .number(bandFloors[4]), 5, f), 0)
        }
    }

    /// Every rule built once as a template.
    enum Templates {
        static let thresholdLevelHigher = FormulaTemplate(arity: 6) { a in Body.thresholdLevel(a[0], a[1...5], .higher) }
        static let thresholdLevelLower = FormulaTemplate(arity: 6) { a in Body.thresholdLevel(a[0], a[1...5], .lower) }
        static let thresholdScoreHigher = FormulaTemplate(arity: 6) { a in Body.thresholdScore(a[0], a[1...5], .higher) }
        static let thresholdScoreLower = FormulaTemplate(arity: 6) { a in Body.thresholdScore(a[0], a[1...5], .lower) }
        static let ratioHigher = FormulaTemplate(arity: 2) { a in Body.ratio(a[0], a[1], .higher) }
        static let ratioLower = FormulaTemplate(arity: 2) { a in Body.ratio(a[0], a[1], .lower) }
        static let bandLevel = FormulaTemplate(arity: 1) { a in Body.bandLevel(a[0]) }
        static let bandScore = FormulaTemplate(arity: 1) { a in Body.bandScore(a[0]) }
        static let bandMarks = (1...5).map { k in
            FormulaTemplate(arity: 1) { a in .IF(a[0] == .number(Double(k)), .number(bandFloors[k - 1]), 0) }
        }
        static let levelLevel = FormulaTemplate(arity: 1) { a in .IF(.ISNUMBER(a[0]), .INT(a[0]), 0) }
        static let levelScore = FormulaTemplate(arity: 1) { a in .IF(.ISNUMBER(a[0]), a[0], 0) }
        static let fraction = FormulaTemplate(arity: 2) { a in a[0] * 100 / a[1] }
        static let daysLate = FormulaTemplate(arity: 2) { a in .IF(.AND(.ISNUMBER(a[0]), .ISNUMBER(a[1])), .MAX(0, a[1] - a[0]), 0) }
        static let penalty = FormulaTemplate(arity: 2) { a in a[0] * a[1] }
        static let penalized = FormulaTemplate(arity: 2) { a in .MAX(0, a[0] - a[1]) }
        static let effectiveWeight = FormulaTemplate(arity: 3) { a in a[0] - a[1] + a[2] }
        static let weighted = FormulaTemplate(arity: 2) { a in a[0] * a[1] }
        static let total = FormulaTemplate(arity: 2) { a in .IF(a[1] == 0, 0, .ROUND(a[0] / a[1], 4)) }
        static let annexScore = FormulaTemplate(arity: 1) { a in .ROUND(a[0], 2) }
        static let annexPercent = FormulaTemplate(arity: 2) { a in .IF(a[1] == 0, 0, .ROUND(a[0] * 100 / a[1], 2)) }
        static let projectSuccess = FormulaTemplate(arity: 2) { a in .IF(a[1] == 0, 0, .ROUND(a[0] * 100 / (100 * a[1]), 2)) }
        static let rank = FormulaTemplate(arity: 2) { a in .IF(.ISNUMBER(a[0]), .RANK(a[0], a[1]), "-") }
        static let change = FormulaTemplate(arity: 2) { a in .IF(.AND(.ISNUMBER(a[0]), .ISNUMBER(a[1])), a[0] - a[1], "-") }
        static let mean = FormulaTemplate(arity: 1) { a in .IF(.COUNT([a[0]]) == 0, "-", .ROUND(.AVERAGE([a[0]]), 4)) }
    }
}
