import Testing
@testable import KPIReportCore
import TestSupport

/// Properties of the scoring that must hold for any criteria and result.
@Suite struct ScoringPropertyTests {
    /// Strictly increasing criteria with random gaps.
    static func criteria(_ rng: inout SeededRandom) -> [Double] {
        var t = [Double.random(in: -50...150, using: &rng)]
        for _ in 1..<5 { t.append(t[t.count - 1] + Double.random(in: 0.01...40, using: &rng)) }
        return t
    }

    @Test("score is monotonic in the result and within [0, 5], for both directions")
    func monotonicAndBounded() {
        var rng = SeededRandom(seed: 2566)
        for _ in 0..<2_000 {
            let up = Self.criteria(&rng)
            for direction in Direction.allCases {
                let t = direction == .higher ? up : up.reversed()
                let results = (0..<40).map { _ in Double.random(in: (up[0] - 30)...(up[4] + 30), using: &rng) }.sorted()
                let scores = results.map { ScoringMethods.threshold($0, criteria: t, direction: direction).score }
                for s in scores { #expect((0...5).contains(s)) }
                for (a, b) in zip(scores, scores.dropFirst()) {
                    if direction == .higher { #expect(a <= b + 1e-12) } else { #expect(a >= b - 1e-12) }
                }
            }
        }
    }

    @Test("score is continuous at t2…t5; at t1 it jumps from 0 to 1 as the SPEC says")
    func continuity() {
        var rng = SeededRandom(seed: 2563)
        for _ in 0..<2_000 {
            let up = Self.criteria(&rng)
            for direction in Direction.allCases {
                let t = direction == .higher ? up : up.reversed()
                let eps = 1e-9
                for k in 1..<5 {
                    let below = ScoringMethods.threshold(t[k] - (direction == .higher ? eps : -eps), criteria: t, direction: direction).score
                    let at = ScoringMethods.threshold(t[k], criteria: t, direction: direction).score
                    #expect(abs(at - Double(k + 1)) < 1e-12)
                    #expect(abs(below - at) < 1e-6, "jump at t\(k + 1): \(below) → \(at)")
                }
                let justMissing = ScoringMethods.threshold(t[0] - (direction == .higher ? eps : -eps), criteria: t, direction: direction).score
                #expect(justMissing == 0)
                #expect(ScoringMethods.threshold(t[0], criteria: t, direction: direction).score == 1)
            }
        }
    }

    @Test("target_ratio score is monotonic in the ratio, continuous at 70/80/90/100, within [0, 5]")
    func bandProperties() {
        var rng = SeededRandom(seed: 2564)
        let ratios = (0..<5_000).map { _ in Double.random(in: -20...300, using: &rng) }.sorted()
        let scores = ratios.map { ScoringMethods.bandScore(ratio: $0).score }
        for s in scores { #expect((0...5).contains(s)) }
        for (a, b) in zip(scores, scores.dropFirst()) { #expect(a <= b + 1e-12) }
        for edge in [70.0, 80, 90, 100] {
            #expect(abs(ScoringMethods.bandScore(ratio: edge - 1e-9).score - ScoringMethods.bandScore(ratio: edge).score) < 1e-6)
        }
    }

    @Test("weight moves conserve the division's weight: Σ effective = Σ base, whatever is not assessed")
    func movesConserveWeight() {
        var rng = SeededRandom(seed: 2565)
        let r6 = Round(code: "R6")!, r12 = Round(code: "R12")!
        for trial in 0..<300 {
            let n = Int.random(in: 3...20, using: &rng)
            var weights = (0..<n).map { _ in Double(Int.random(in: 1...10, using: &rng)) }
            let sum = weights.reduce(0, +)
            weights = weights.map { $0 * 100 / sum }
            let ids = (0..<n).map { IndicatorID("\($0 / 5 + 1).\($0 % 5 + 1)") }
            // Some indicators are R12-only; each moves to one or two assessed ones.
            let r12Only = Set((0..<n).filter { $0 > 0 && Double.random(in: 0...1, using: &rng) < 0.3 })
            let assessed = (0..<n).filter { !r12Only.contains($0) }
            let location = SourceLocation(file: "indicators.csv", line: 1)
            var rows: [Indicator] = []
            for i in 0..<n {
                var moves: [WeightMove] = []
                if r12Only.contains(i) {
                    let a = assessed.randomElement(using: &rng)!, b = assessed.randomElement(using: &rng)!
                    if a != b && Bool.random(using: &rng) {
                        let part = (weights[i] * 0.4 * 1e6).rounded() / 1e6
                        moves = [WeightMove(target: ids[a], amount: part), WeightMove(target: ids[b], amount: weights[i] - part)]
                    } else {
                        moves = [WeightMove(target: ids[a], amount: nil)]
                    }
                }
                rows.append(Indicator(divisionID: "D", id: ids[i], name: "i\(i)", weight: weights[i], method: .level,
                                      rounds: r12Only.contains(i) ? [r12] : [r6, r12], moves: moves, location: location))
            }
            let data = FiscalYearData(year: 2566, divisions: [Division(id: "D", name: "กอง", location: location)],
                                      indicators: ["D": rows], results: [:], projects: [])
            var diagnostics = Diagnostics()
            let scored = DivisionScorer.score(data.divisions[0], round: r6, in: data, allowWeightGap: false, diagnostics: &diagnostics)
            #expect(abs(scored.totalWeight - 100) < 1e-9, "trial \(trial)")
            #expect(!diagnostics.hasErrors, "trial \(trial): \(diagnostics.all)")
            for i in r12Only { #expect(scored.indicators[i].effectiveWeight == 0) }
        }
    }
}
