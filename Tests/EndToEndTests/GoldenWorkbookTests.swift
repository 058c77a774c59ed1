import Foundation
import Testing
import TestSupport

/// Golden workbooks in the style of libxlsxwriter's functional tests: a workbook the built executable
/// writes from a seed's inputs and the recorded one are compared part by part as XML; a difference names
/// the part and the first element that differs. Goldens are re-recorded with
/// `KPI_RECORD_GOLDEN=1 swift test --filter GoldenWorkbookTests`, rendered beside them with
/// `scripts/render-golden`, and looked at page by page before they are committed.
@Suite(.serialized) struct GoldenWorkbookTests {
    static let goldenFolder = Repository.root.appendingPathComponent("Tests/EndToEndTests/Golden").path
    static var recording: Bool { ProcessInfo.processInfo.environment["KPI_RECORD_GOLDEN"] == "1" }

    /// XML split at element boundaries, so a difference can be shown as one element.
    static func elements(_ xml: String) -> [String] {
        xml.replacingOccurrences(of: "><", with: ">\n<").split(separator: "\n").map(String.init)
    }

    /// Builds a seed's inputs and compares `<file>` of the output with (or records it as) `Golden/<name>.xlsx`.
    func compare(seed: String, file: String, name: String, _ extra: [String] = []) throws {
        let out = Repository.temporaryFolder("golden")
        let run = try Shell.execute(Repository.executable, ["build", "--inputs", Repository.fixture(seed), "--outputs", out, "-q"] + extra)
        try #require(run.status == 0, "\(run.stderr)")
        let found = try #require(try FileManager.default.subpathsOfDirectory(atPath: out).first { $0.hasSuffix("/" + file) })
        let produced = out + "/" + found
        let golden = Self.goldenFolder + "/\(name).xlsx"
        if Self.recording {
            try? FileManager.default.removeItem(atPath: golden)
            try FileManager.default.copyItem(atPath: produced, toPath: golden)
            return
        }
        try #require(FileManager.default.fileExists(atPath: golden), "no golden \(name).xlsx: record with KPI_RECORD_GOLDEN=1")
        let got = try XLSXPackage(produced), want = try XLSXPackage(golden)
        #expect(got.parts == want.parts, "\(name): the parts differ")
        var compared = 0
        for part in want.parts where part.hasSuffix(".xml") || part.hasSuffix(".rels") {
            let a = Self.elements(String(decoding: try got.part(part), as: UTF8.self))
            let b = Self.elements(String(decoding: try want.part(part), as: UTF8.self))
            compared += 1
            if a != b {
                let i = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
                Issue.record("\(name): \(part) differs at element \(i + 1): got \(i < a.count ? a[i] : "(end)") want \(i < b.count ? b[i] : "(end)")")
            }
        }
        #expect(compared >= 10)
    }

    @Test("HRM FY2563 R6 (seed 001): summary with moved weights and notes, working sheet, agreement, annex")
    func hrm() throws { try compare(seed: "seed001", file: "HRM.xlsx", name: "seed001-HRM") }

    @Test("SEC FY2564 R12 (seed 000): two rounds, late penalty, agreement groups")
    func sec() throws { try compare(seed: "seed000", file: "SEC.xlsx", name: "seed000-SEC") }

    @Test("department FY2566 Q4 (seed 003): policy and plan annexes, projects, monitoring")
    func department() throws { try compare(seed: "seed003", file: "department.xlsx", name: "seed003-department", ["--year", "2566"]) }

    @Test("department FY2563 R6 (seed 001): the overview of six divisions with rank and bar chart")
    func overview() throws { try compare(seed: "seed001", file: "department.xlsx", name: "seed001-department") }
}
