import Testing
@testable import KPIReportCore
import TestSupport

/// The text a number format shows, which decides how wide a number column is made.
@Suite struct NumberFormatTests {
    @Test("numbers shown grouped, rounded half away from zero, with their decimals")
    func shown() {
        #expect(NumberFormat.integer.shown(1_234_567) == "1,234,567")
        #expect(NumberFormat.decimals(2).shown(-1234.565) == "-1,234.57")
        #expect(NumberFormat.decimals(4).shown(0.00005) == "0.0001")
        #expect(NumberFormat.decimals(2).shown(-0.001) == "0.00")
        #expect(NumberFormat.percent.shown(99.5) == "99.50%")
        #expect(NumberFormat.change(decimals: 2).shown(-3.5) == "-3.50" && NumberFormat.change(decimals: 1).shown(12_345) == "+12345.0")
        #expect(NumberFormat.general.shown(0.1 + 0.2) == "0.3" && NumberFormat.general.shown(123.456789012345) == "123.456789")
        #expect(NumberFormat.integer.shown(1e19) == "##########" && NumberFormat.integer.shown(-1e19) == "-##########")
        #expect(NumberFormat.decimals(0).shown(999.5) == "1,000" && NumberFormat.decimals(3).shown(100) == "100.000")
    }

    /// The digits written as bytes must say what the earlier string building said (kept here as the
    /// reference), for 200,000 random numbers of every size and sign.
    @Test("grouped digits are the reference's for random numbers")
    func groupedIsTheReference() {
        func reference(_ x: Double, decimals: Int, grouping: Bool) -> String {
            let scaled = (abs(SpreadsheetMath.round(x, decimals)) * SpreadsheetMath.power10(decimals)).rounded()
            guard scaled.isFinite, scaled < 9e18 else { return (x < 0 ? "-" : "") + "##########" }
            var digits = String(Int64(scaled))
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            let integerPart = digits.dropLast(decimals)
            var groupedPart = ""
            for (i, c) in integerPart.enumerated() {
                if grouping && i > 0 && (integerPart.count - i) % 3 == 0 { groupedPart.append(",") }
                groupedPart.append(c)
            }
            let fractionPart = decimals > 0 ? "." + digits.suffix(decimals) : ""
            return (x < 0 && scaled != 0 ? "-" : "") + groupedPart + fractionPart
        }
        var random = SeededRandom(seed: 79)
        var mismatches: [String] = []
        for _ in 0..<200_000 {
            let magnitude = Double.random(in: -6...19, using: &random)
            var x = (Bool.random(using: &random) ? -1 : 1) * Double.random(in: 1..<10, using: &random) * SpreadsheetMath.power10(max(0, Int(magnitude)))
            if magnitude < 0 { x /= SpreadsheetMath.power10(Int(-magnitude)) }
            if Int.random(in: 0..<10, using: &random) == 0 { x = x.rounded() }
            let decimals = Int.random(in: 0...6, using: &random), grouping = Bool.random(using: &random)
            if NumberFormat.grouped(x, decimals: decimals, grouping: grouping) != reference(x, decimals: decimals, grouping: grouping) {
                mismatches.append("\(x) \(decimals) \(grouping)")
            }
        }
        for x in [0.0, -0.0, 0.5, -0.5, 9e17, 8.99e18, 9e18, .infinity, -.infinity, .nan] {
            for decimals in 0...3 where NumberFormat.grouped(x, decimals: decimals) != reference(x, decimals: decimals, grouping: true) {
                mismatches.append("\(x) \(decimals)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
