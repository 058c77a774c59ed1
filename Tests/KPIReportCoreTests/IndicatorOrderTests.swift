import Testing
@testable import KPIReportCore
import TestSupport

/// Indicators are ordered part by part as numbers (`2.9` before `2.10`); ASCII ids are compared where
/// their bytes lie, and that must be the very order of the parts.
@Suite struct IndicatorOrderTests {
    @Test("numbers part by part: 1.2 < 1.10 < 2, a number before text, a prefix first")
    func order() {
        let ids = ["10", "2.10.1", "1a", "1.10", "A", "2.9", "1", "๒.๑", "2", "1.2", "2.10", "1.1"].map(IndicatorID.init)
        let sorted = ["1", "1.1", "1.2", "1.10", "2", "2.1", "2.9", "2.10", "2.10.1", "10", "1a", "A"]
        #expect(ids.sorted().map(\.value) == sorted)
        #expect(IndicatorID("๒.๑") == IndicatorID("2.1"))
    }

    @Test("the byte-wise order of ASCII ids is the order of their parts (200,000 random pairs)")
    func asciiOrderIsThePartsOrder() {
        var random = SeededRandom(seed: 13)
        let pieces = ["", "0", "1", "01", "2", "9", "10", "99", "+3", "-3", "-0", "a", "A", "b1", "1b", " ", "x.y",
                      "9223372036854775807", "9223372036854775808", "-9223372036854775808", "+", "-", "."]
        func id() -> IndicatorID {
            let parts = (0..<(1 + Int.random(in: 0..<4, using: &random))).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }
            return IndicatorID(parts.joined(separator: "."))
        }
        var mismatches: [String] = []
        for _ in 0..<200_000 {
            let a = id(), b = Int.random(in: 0..<5, using: &random) == 0 ? id() : IndicatorID(a.value + (Bool.random(using: &random) ? ".1" : "0"))
            for (x, y) in [(a, b), (b, a), (a, a)] {
                let fast = IndicatorID.asciiOrder(x.value, y.value)
                if fast != IndicatorID.partsOrder(x, y) { mismatches.append("\(x.value) < \(y.value)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(IndicatorID.asciiOrder("๒", "1") == nil)
    }
}
