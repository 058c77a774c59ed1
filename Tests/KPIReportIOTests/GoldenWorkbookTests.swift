import Foundation
import Testing
import KPIReportCore
import KPIReportIO
import TestSupport

/// Golden-file tests in the style of libxlsxwriter's functional tests: the generated workbook and the
/// reference are unzipped and compared part by part as XML, volatile bits masked; a difference names
/// the first part and element that differ. Goldens are re-recorded with `KPI_RECORD_GOLDEN=1 swift test`
/// and looked at (Golden/*.png, rendered by scripts/render-golden) before they are committed.
@Suite(.serialized) struct GoldenWorkbookTests {
    static let goldenFolder = Repository.root.appendingPathComponent("Tests/KPIReportIOTests/Golden").path
    static var recording: Bool { ProcessInfo.processInfo.environment["KPI_RECORD_GOLDEN"] == "1" }

    /// Masks what may legitimately change between runs: document dates.
    static func masked(_ xml: String) -> String {
        xml.replacingOccurrences(of: #"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>"#, with: "<dcterms:$1/>", options: .regularExpression)
    }

    /// XML split at element boundaries, so a difference can be shown as one element.
    static func elements(_ xml: String) -> [String] {
        masked(xml).replacingOccurrences(of: "><", with: ">\n<").split(separator: "\n").map(String.init)
    }

    /// Writes `workbook`, then compares it with (or records it as) `Golden/<name>.xlsx`.
    func compare(_ workbook: Workbook, name: String) throws {
        let produced = Repository.temporaryFolder("golden") + "/\(name).xlsx"
        try XLSXWriter.write(workbook, to: produced)
        let golden = Self.goldenFolder + "/\(name).xlsx"
        if Self.recording {
            try FileManager.default.createDirectory(atPath: Self.goldenFolder, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: golden)
            try FileManager.default.copyItem(atPath: produced, toPath: golden)
            return
        }
        #expect(FileManager.default.fileExists(atPath: golden), "no golden \(name).xlsx: record with KPI_RECORD_GOLDEN=1")
        let got = try XLSXPackage(produced), want = try XLSXPackage(golden)
        #expect(got.parts == want.parts, "\(name): the parts differ")
        for part in want.parts where part.hasSuffix(".xml") || part.hasSuffix(".rels") {
            let a = Self.elements(String(decoding: try XLSXPackage.part(produced, part), as: UTF8.self))
            let b = Self.elements(String(decoding: try XLSXPackage.part(golden, part), as: UTF8.self))
            if a != b {
                let i = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
                Issue.record("\(name): \(part) differs at element \(i + 1): got \(i < a.count ? a[i] : "(end)") want \(i < b.count ? b[i] : "(end)")")
                return
            }
        }
    }

    @Test("HRM FY2563 R6 (seed 001): summary with moved weights and notes, working sheet, agreement, annex")
    func hrm() throws {
        let report = try scoredReport("seed001")
        let hrm = try #require(report.divisions.first { $0.division.id == "HRM" })
        try compare(DivisionWorkbook.build(hrm, year: report), name: "seed001-HRM")
    }

    @Test("SEC FY2564 R12 (seed 000): two rounds, late penalty, agreement groups")
    func sec() throws {
        let report = try scoredReport("seed000")
        try compare(DivisionWorkbook.build(report.divisions[0], year: report), name: "seed000-SEC")
    }

    @Test("department FY2566 Q4 (seed 003): policy and plan annexes, projects, monitoring")
    func department() throws {
        let report = try scoredReport("seed003", year: 2566)
        try compare(DepartmentWorkbook.build(report), name: "seed003-department")
    }

    @Test("department FY2563 R6 (seed 001): the overview of six divisions with rank and bar chart")
    func overview() throws {
        let report = try scoredReport("seed001")
        try compare(DepartmentWorkbook.build(report), name: "seed001-department")
    }

    @Test("--thai-digits changes number formats only, not values")
    func thaiDigits() throws {
        let report = try scoredReport("seed001")
        let hrm = try #require(report.divisions.first { $0.division.id == "HRM" })
        let plain = DivisionWorkbook.build(hrm, year: report)
        let thai = DivisionWorkbook.build(hrm, year: report, options: LayoutOptions(thaiDigits: true))
        let total = try #require(thai.resolve(name: "Total_R6"))
        #expect(total.cell.number == 4.55)
        #expect(total.cell.style.numberFormat == "[$-D00041E]0.0000")
        #expect(plain.resolve(name: "Total_R6")?.cell.style.numberFormat == "0.0000")
        let summary = try #require(thai.sheet(named: "สรุปผลคะแนน"))
        #expect(summary[5, 0]?.text == "๑.๑")
    }
}
