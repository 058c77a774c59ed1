import TestSupport
import Testing
@testable import KPIReportCore

/// The scoring rules of SPEC §2, table-driven, evaluated as the formulas the workbooks hold; the
/// numbers are the seeds' own.
@Suite struct ScoringRulesTests {
    /// Evaluates a rule over input cells A1, B1, … holding `inputs` (nil = empty).
    func evaluate(_ inputs: [Value?], _ rule: ([Formula]) -> Formula) -> Value {
        var cells = TestCells()
        for (c, v) in inputs.enumerated() { if let v { cells[0, c] = v } }
        let refs = inputs.indices.map { Formula.cell(TestCells.ref(0, $0)) }
        return rule(refs).evaluate(in: cells)
    }

    func number(_ inputs: [Double?], _ rule: ([Formula]) -> Formula) -> Double? {
        evaluate(inputs.map { $0.map(Value.number) }, rule).number
    }

    static let percent = [80.0, 85, 90, 95, 100]
    static let errorRate = [10.0, 8, 6, 4, 2]

    func threshold(_ r: Double?, _ t: [Double], _ direction: Direction) -> (score: Double?, level: Double?) {
        let inputs = [r] + t.map { Optional($0) }
        return (number(inputs) { ScoringRules.thresholdScore(result: $0[0], criteria: Array($0[1...5]), direction: direction) },
                number(inputs) { ScoringRules.thresholdLevel(result: $0[0], criteria: Array($0[1...5]), direction: direction) })
    }

    @Test("threshold, more is better (seed 000 criteria 80/85/90/95/100)", arguments: [
        (79.99, 0.0, 0.0), (80, 1, 1), (82.5, 1.5, 1), (85, 2, 2), (87.5, 2.5, 2), (94, 3.8, 3), (95, 4, 4), (99, 4.8, 4),
        (100, 5, 5), (120, 5, 5), (-3, 0, 0),
    ])
    func thresholdHigher(result: Double, score: Double, level: Double) throws {
        let got = threshold(result, Self.percent, .higher)
        #expect(abs(try #require(got.score) - score) < 1e-12)
        #expect(got.level == level)
    }

    @Test("threshold, less is better (error rates 10/8/6/4/2)", arguments: [
        (10.5, 0.0, 0.0), (10, 1, 1), (9, 1.5, 1), (8, 2, 2), (5, 3.5, 3), (4, 4, 4), (2.5, 4.75, 4), (2, 5, 5), (0, 5, 5),
    ])
    func thresholdLower(result: Double, score: Double, level: Double) throws {
        let got = threshold(result, Self.errorRate, .lower)
        #expect(abs(try #require(got.score) - score) < 1e-12)
        #expect(got.level == level)
    }

    @Test("no result (an empty cell or the label ไม่มีผลการดำเนินงาน) scores 0")
    func noResult() {
        #expect(threshold(nil, Self.percent, .higher).score == 0)
        let labelled = evaluate([.text(ThaiLabels.noResult)] + Self.percent.map(Value.number)) {
            ScoringRules.thresholdScore(result: $0[0], criteria: Array($0[1...5]), direction: .higher)
        }
        #expect(labelled == .number(0))
        #expect(evaluate([.text(ThaiLabels.noResult), .number(85)]) { ScoringRules.ratio(result: $0[0], target: $0[1], direction: .higher) } == .text(""))
    }

    /// Seed 003's annex rows: result, target, direction → ratio (2 decimals as printed), band, annex score.
    @Test("target_ratio reproduces seed 003's annex rows", arguments: [
        (92.00, 85.0, Direction.higher, 108.24, 5.0, 5.00),  // policy 1
        (76.77, 80, .higher, 95.96, 4, 4.60),                // policy 8
        (2, 4, .higher, 50.00, 1, 1.00),                     // policy 11: below 60 scores 1.00
        (702, 5, .higher, 14040.00, 5, 5.00),                // policy 9
        (18.62, 23, .lower, 105.69, 5, 5.00),                // plan 2: lower is better
        (76.49, 80, .higher, 95.61, 4, 4.56),                // plan 11
        (0, 50, .higher, 0.00, 0, 0.00),                     // plan 13: nothing done
        (93.60, 90, .higher, 104.00, 5, 5.00),               // plan 16
    ])
    func targetRatio(result: Double, target: Double, direction: Direction, ratio: Double, level: Double, annexScore: Double) throws {
        let x = try #require(number([result, target]) { ScoringRules.ratio(result: $0[0], target: $0[1], direction: direction) })
        #expect(SpreadsheetMath.round(x, 2) == ratio)
        #expect(number([x]) { ScoringRules.bandLevel(ratio: $0[0]) } == level)
        let score = try #require(number([x]) { ScoringRules.bandScore(ratio: $0[0]) })
        #expect(number([score]) { ScoringRules.annexScore(score: $0[0]) } == annexScore)
        for k in 1...5 {
            #expect(number([level]) { ScoringRules.bandMark(level: $0[0], column: k) } == (Double(k) == level ? ScoringRules.bandFloors[k - 1] : 0))
        }
    }

    @Test("band edges: 60 → 1, 69.99 → 1.999, 70 → 2, 99.99 → 4.999, 100 → 5", arguments: [
        (59.99, 1.0), (60, 1), (69.99, 1.999), (70, 2), (85, 3.5), (99.99, 4.999), (100, 5), (0.01, 1), (0, 0), (-5, 0),
    ])
    func bands(ratio: Double, score: Double) throws {
        #expect(abs(try #require(number([ratio]) { ScoringRules.bandScore(ratio: $0[0]) }) - score) < 1e-9)
    }

    @Test("a level indicator scores its level; a late report loses the penalty per day (seed 004: 3.5 − 3 × 0.10 = 3.20)")
    func levelAndPenalty() throws {
        #expect(number([3.5]) { ScoringRules.levelScore(result: $0[0]) } == 3.5)
        #expect(number([3.5]) { ScoringRules.levelLevel(result: $0[0]) } == 3)
        let due = CivilDate(validatingYear: 2023, month: 4, day: 15)?.excelSerial
        let reported = CivilDate(validatingYear: 2023, month: 4, day: 18)?.excelSerial
        let days = try #require(number([due, reported]) { ScoringRules.daysLate(due: $0[0], reported: $0[1]) })
        #expect(days == 3)
        #expect(number([reported, due]) { ScoringRules.daysLate(due: $0[0], reported: $0[1]) } == 0)
        #expect(number([nil, due]) { ScoringRules.daysLate(due: $0[0], reported: $0[1]) } == 0)
        let penalty = try #require(number([days, 0.10]) { ScoringRules.penalty(days: $0[0], perDay: $0[1]) })
        let score = try #require(number([3.5, penalty]) { ScoringRules.penalized(score: $0[0], penalty: $0[1]) })
        #expect(SpreadsheetMath.round(score, 2) == 3.20)
        #expect(number([0.1, 2]) { ScoringRules.penalized(score: $0[0], penalty: $0[1]) } == 0)
    }

    @Test("totals, annex (C) and project success as seeds 001 and 003 print them")
    func totals() {
        // HRM FY2563: Σ score × weight = 455 over 100.
        #expect(number([455, 100]) { ScoringRules.total(weightedSum: $0[0], weightSum: $0[1]) } == 4.55)
        #expect(number([0, 0]) { ScoringRules.total(weightedSum: $0[0], weightSum: $0[1]) } == 0)
        #expect(number([459.625, 100]) { ScoringRules.total(weightedSum: $0[0], weightSum: $0[1]) } == 4.5963)
        #expect(number([60.60, 65]) { ScoringRules.annexPercent(actual: $0[0], full: $0[1]) } == 93.23)
        #expect(number([79.56, 85]) { ScoringRules.annexPercent(actual: $0[0], full: $0[1]) } == 93.60)
        #expect(number([9.56, 15]) { ScoringRules.annexPercent(actual: $0[0], full: $0[1]) } == 63.73)
        #expect(number([4225, 49]) { ScoringRules.projectSuccess(progressSum: $0[0], projects: $0[1]) } == 86.22)
        #expect(number([10, 2, 3]) { ScoringRules.effectiveWeight(base: $0[0], movedOut: $0[1], movedIn: $0[2]) } == 11)
    }

    @Test("rank, change and mean of the overview")
    func overview() {
        var cells = TestCells()
        for (r, v) in [4.55, 5, 4.8, 5].enumerated() { cells[r, 0] = .number(v) }
        cells[4, 0] = .text("-")
        let range = Formula.range(TestCells.ref(0, 0), TestCells.ref(4, 0), absolute: true)
        #expect(ScoringRules.rank(.cell(TestCells.ref(1, 0)), among: range).evaluate(in: cells) == .number(1))
        #expect(ScoringRules.rank(.cell(TestCells.ref(0, 0)), among: range).evaluate(in: cells) == .number(4))
        #expect(ScoringRules.rank(.cell(TestCells.ref(4, 0)), among: range).evaluate(in: cells) == .text("-"))
        #expect(ScoringRules.mean(range).evaluate(in: cells) == .number(4.8375))
        #expect(ScoringRules.change(.cell(TestCells.ref(1, 0)), from: .cell(TestCells.ref(0, 0))).evaluate(in: cells).number.map { abs($0 - 0.45) < 1e-12 } == true)
        #expect(ScoringRules.change(.cell(TestCells.ref(1, 0)), from: .cell(TestCells.ref(4, 0))).evaluate(in: cells) == .text("-"))
    }

    // MARK: Properties

    @Test("threshold scores are monotonic, within 0–5, and continuous at t2…t5 (2,000 random criteria sets each way)")
    func thresholdProperties() throws {
        var random = SeededRandom(seed: 2563)
        for _ in 0..<2000 {
            var t: [Double] = [Double.random(in: 0...50, using: &random)]
            for _ in 1..<5 { t.append(t[t.count - 1] + Double.random(in: 0.01...20, using: &random)) }
            for direction in Direction.allCases {
                let criteria = direction == .higher ? t : t.reversed()
                var previous: Double?
                let span = t[4] - t[0]
                for step in 0...40 {
                    let r = (direction == .higher ? t[0] - span * 0.1 : t[4] + span * 0.1)
                        + (direction == .higher ? 1.0 : -1.0) * Double(step) * span * 1.2 / 40
                    let score = try #require(threshold(r, criteria, direction).score)
                    #expect((0...5).contains(score))
                    if let previous { #expect(score >= previous - 1e-12) }
                    previous = score
                }
                for k in 1..<5 {
                    let at = try #require(threshold(criteria[k], criteria, direction).score)
                    let eps = (direction == .higher ? -1.0 : 1.0) * 1e-9 * max(1, abs(criteria[k]))
                    let before = try #require(threshold(criteria[k] + eps, criteria, direction).score)
                    #expect(abs(at - Double(k + 1)) < 1e-9)
                    #expect(abs(at - before) < 1e-5, "jump at t\(k + 1): \(before) → \(at)")
                }
            }
        }
    }

    @Test("band scores are continuous at 70, 80, 90 and 100 and monotonic")
    func bandProperties() throws {
        var previous = -1.0
        for step in 0...2000 {
            let x = Double(step) / 1000 * 120
            let score = try #require(number([x]) { ScoringRules.bandScore(ratio: $0[0]) })
            #expect(score >= previous)
            previous = score
        }
        for floor in [70.0, 80, 90, 100] {
            let a = try #require(number([floor - 1e-9]) { ScoringRules.bandScore(ratio: $0[0]) })
            let b = try #require(number([floor]) { ScoringRules.bandScore(ratio: $0[0]) })
            #expect(abs(a - b) < 1e-6)
        }
    }
}
