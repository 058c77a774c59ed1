import Foundation
import Testing
import TestSupport

/// Every formula the tool writes recalculates, in LibreOffice, to the value it cached.
@Suite(.serialized) struct RecalculationTests {
    @Test("all workbooks of the sample: 0 formulas differ after LibreOffice recalculation")
    func sampleRecalculates() throws {
        let out = Repository.temporaryFolder("recalc-out")
        let result = try Shell.execute(Repository.executable, ["build", "--inputs", Repository.sampleInputs, "--outputs", out])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: out).filter { $0.hasSuffix(".xlsx") }.sorted().map { out + "/" + $0 }
        #expect(files.count >= 9)
        let report = try LibreOfficeRecalc.check(files)
        var formulas = 0
        for entry in report {
            formulas += entry.formulas
            #expect(entry.formulas > 0, "\(entry.file) has formulas")
            #expect(entry.differences.isEmpty, "\(entry.file): \(entry.differences.prefix(5))")
        }
        #expect(formulas > 1000)
    }
}
