import Testing
@testable import KPIReportCore

/// The scoring methods of SPEC §2, table-driven; the numbers are the seeds' own.
@Suite struct ScoringMethodsTests {
    static let percent = [80.0, 85, 90, 95, 100]
    static let errorRate = [10.0, 8, 6, 4, 2]

    @Test("threshold, more is better (seed 000 criteria 80/85/90/95/100)", arguments: [
        (79.99, 0.0, 0), (80, 1, 1), (82.5, 1.5, 1), (85, 2, 2), (87.5, 2.5, 2), (94, 3.8, 3), (95, 4, 4), (99, 4.8, 4),
        (100, 5, 5), (120, 5, 5), (-3, 0, 0),
    ])
    func thresholdHigher(result: Double, score: Double, level: Int) {
        let got = ScoringMethods.threshold(result, criteria: Self.percent, direction: .higher)
        #expect(abs(got.score - score) < 1e-12)
        #expect(got.level == level)
    }

    @Test("threshold, less is better (seed 000 error rates 10/8/6/4/2)", arguments: [
        (10.5, 0.0, 0), (10, 1, 1), (9, 1.5, 1), (8, 2, 2), (5, 3.5, 3), (4, 4, 4), (2.5, 4.75, 4), (2, 5, 5), (0, 5, 5),
    ])
    func thresholdLower(result: Double, score: Double, level: Int) {
        let got = ScoringMethods.threshold(result, criteria: Self.errorRate, direction: .lower)
        #expect(abs(got.score - score) < 1e-12)
        #expect(got.level == level)
    }

    @Test("threshold on counts (seed 000 4.2: meetings 2/3/4/5/6)", arguments: [(1.0, 0.0), (2, 1), (4, 3), (6, 5), (9, 5)])
    func thresholdCounts(result: Double, score: Double) {
        #expect(ScoringMethods.threshold(result, criteria: [2, 3, 4, 5, 6], direction: .higher).score == score)
    }

    /// Seed 003's annex rows: result, target, direction → ratio (2 decimals as printed), band, annex score.
    @Test("target_ratio reproduces seed 003's annex rows", arguments: [
        (92.00, 85.0, Direction.higher, 108.24, 5, 5.00),   // policy 1
        (76.77, 80, .higher, 95.96, 4, 4.60),                 // policy 8
        (2, 4, .higher, 50.00, 1, 1.00),                       // policy 11: below 60 scores 1.00
        (702, 5, .higher, 14040.00, 5, 5.00),                  // policy 9
        (18.62, 23, .lower, 105.69, 5, 5.00),                  // plan 2: lower is better
        (76.49, 80, .higher, 95.61, 4, 4.56),                  // plan 11
        (0, 50, .higher, 0.00, 0, 0.00),                       // plan 13: nothing done
        (93.60, 90, .higher, 104.00, 5, 5.00),                 // plan 16
    ])
    func targetRatio(result: Double, target: Double, direction: Direction, ratio: Double, level: Int, annexScore: Double) {
        let x = ScoringMethods.ratio(result, target: target, direction: direction)
        #expect(ExcelMath.round(x, 2) == ratio)
        let band = ScoringMethods.bandScore(ratio: x)
        #expect(band.level == level)
        #expect(ExcelMath.round(band.score, 2) == annexScore)
    }

    @Test("band edges: 60 → 1, 69.99 → 1.999, 70 → 2, 99.99 → 4.999, 100 → 5", arguments: [
        (59.99, 1.0), (60, 1), (69.99, 1.999), (70, 2), (85, 3.5), (99.99, 4.999), (100, 5), (0.01, 1), (0, 0), (-5, 0),
    ])
    func bands(ratio: Double, score: Double) {
        #expect(abs(ScoringMethods.bandScore(ratio: ratio).score - score) < 1e-9)
    }

    @Test("a level indicator scores its level; a late report loses the penalty per day (seed 004)")
    func levelAndPenalty() {
        let rule = Indicator(divisionID: "PMD", id: IndicatorID("5.1"), name: "ระดับความสำเร็จของการปรับปรุงกระบวนการ",
                             weight: 5, method: .level, latePenalty: 0.10, location: SourceLocation(file: "t"))
        let late = ReportedResult(divisionID: "PMD", round: Round(code: "R6")!, indicatorID: IndicatorID("5.1"), level: 3.5,
                                  dueOn: CivilDate(validatingYear: 2023, month: 4, day: 15),
                                  reportedOn: CivilDate(validatingYear: 2023, month: 4, day: 18), location: SourceLocation(file: "t"))
        let working = ScoringMethods.score(rule, late)
        #expect(working.rawScore == 3.5)
        #expect(working.daysLate == 3)
        #expect(abs(working.penalty - 0.30) < 1e-12)
        #expect(abs(working.score - 3.2) < 1e-12)
        #expect(working.annexScore == 3.2)
        let veryLate = ReportedResult(divisionID: "PMD", round: Round(code: "R6")!, indicatorID: IndicatorID("5.1"), level: 1,
                                      dueOn: CivilDate(validatingYear: 2023, month: 4, day: 15),
                                      reportedOn: CivilDate(validatingYear: 2023, month: 5, day: 30), location: SourceLocation(file: "t"))
        #expect(ScoringMethods.score(rule, veryLate).score == 0, "never below 0")
        let early = ReportedResult(divisionID: "PMD", round: Round(code: "R6")!, indicatorID: IndicatorID("5.1"), level: 4,
                                   dueOn: CivilDate(validatingYear: 2023, month: 4, day: 15),
                                   reportedOn: CivilDate(validatingYear: 2023, month: 4, day: 1), location: SourceLocation(file: "t"))
        #expect(ScoringMethods.score(rule, early).score == 4, "early is not late")
    }

    @Test("numerator/denominator give result = num × 100 / den")
    func fraction() {
        let r = ReportedResult(divisionID: "SEC", round: Round(code: "R6")!, indicatorID: IndicatorID("2.1"), numerator: 5,
                               denominator: 6, location: SourceLocation(file: "t"))
        #expect(r.measured == 5.0 * 100 / 6)
    }

    @Test("ROUND as the spreadsheet does it: half away from zero on the shown value", arguments: [
        (4.595, 2, 4.60), (2.675, 2, 2.68), (1.005, 2, 1.01), (-1.005, 2, -1.01), (4.5499999, 2, 4.55), (4.55, 4, 4.55),
        (93.2307692, 2, 93.23), (0.125, 2, 0.13), (79.56, 2, 79.56),
    ])
    func excelRound(x: Double, digits: Int, expected: Double) {
        #expect(ExcelMath.round(x, digits) == expected)
    }
}
