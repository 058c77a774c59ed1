import Foundation
import Testing
import TestSupport

/// The department's workbook and manifest from inputs transcribed from seed 003.
@Suite(.serialized) struct DepartmentWorkbookTests {
    struct Section: Decodable { let title: String; let A: Double; let B: Double; let C: Double }
    struct Annex: Decodable { let title: String; let A: Double; let B: Double; let C: Double; let groups: [Section] }
    struct Projects: Decodable { let count: Int; let counts: [String: Int]; let score_sum: Int; let success: Double; let budget: Double; let disbursed: Double }
    struct Monitoring: Decodable { let round: String; let annexes: [Section]; let projects_success: Double? }
    struct Department: Decodable { let units: [String]; let annexes: [Annex]; let projects: Projects?; let monitoring: [Monitoring] }
    struct Manifest: Decodable { let department: Department }

    static let built: String = {
        let out = Repository.temporaryFolder("dept")
        _ = try? Shell.execute(Repository.executable, ["build", "--inputs", Repository.fixture("seed003"), "--outputs", out, "--year", "2566"])
        return out + "/2566/Q4"
    }()

    @Test("Annex_C gives 93.23 % on the policy annex and 93.60 % on the plan annex; Projects_Success 86.22 %")
    func namedCells() throws {
        let book = try XLSXPackage(Self.built + "/department.xlsx")
        let annexSheets = book.sheets.map(\.name).filter { $0.hasPrefix("ภาคผนวก") }
        #expect(annexSheets == ["ภาคผนวก ๑", "ภาคผนวก ๒"])
        let policy = try #require(try book.cell(named: "Annex_C", localTo: "ภาคผนวก ๑"))
        let plan = try #require(try book.cell(named: "Annex_C", localTo: "ภาคผนวก ๒"))
        #expect(policy.cell.number == 93.23 && policy.cell.formula != nil)
        #expect(plan.cell.number == 93.60 && plan.cell.formula != nil)
        let projects = try #require(try book.cell(named: "Projects_Success"))
        #expect(projects.cell.number == 86.22 && projects.cell.formula != nil)
        #expect(book.sheets.map(\.name).contains("โครงการ") && book.sheets.map(\.name).contains("ติดตามรายรอบ"))
    }

    @Test("the annex shows seed 003's rows: ratio 95.96, band 90 in column ๔, level 4, score 4.60")
    func annexRow() throws {
        let book = try XLSXPackage(Self.built + "/department.xlsx")
        let cells = try book.cells("ภาคผนวก ๑")
        let row = try #require(cells.first { $0.value.value == "ร้อยละการรับรู้ บทบาท ภารกิจและบริการของกรมบังคับคดี" }?.key.dropFirst())
        #expect(cells["E\(row)"]?.number.map { ($0 * 100).rounded() / 100 } == 95.96)
        #expect(cells["I\(row)"]?.number == 90)
        #expect(cells["J\(row)"]?.number == 0)
        #expect(cells["K\(row)"]?.number == 90)
        #expect(cells["L\(row)"]?.number == 4)
        #expect(cells["N\(row)"]?.number == 4.6)
    }

    @Test("manifest: each annex's (A), (B), (C), the plan's group 2, the projects and the monitoring rounds")
    func manifest() throws {
        let m = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: Self.built + "/manifest.json"))).department
        #expect(m.units == ["LED"])
        #expect(m.annexes.map(\.C) == [93.23, 93.60])
        #expect(m.annexes.map(\.A) == [60.60, 79.56])
        #expect(m.annexes.map(\.B) == [65, 85])
        #expect(m.annexes[1].groups.first { $0.title.hasPrefix("แผนปฏิบัติการ เรื่องที่ ๒") }?.C == 63.73)
        let projects = try #require(m.projects)
        #expect(projects.count == 49 && projects.score_sum == 4225 && projects.success == 86.22)
        #expect(projects.counts == ["0": 0, "25": 2, "50": 5, "75": 11, "100": 31])
        #expect(projects.budget == 67_792_485.48 && projects.disbursed == 41_783_139.54)
        #expect(m.monitoring.map(\.round) == ["Q2", "Q3", "Q4"])
        #expect(m.monitoring.map { $0.annexes.first { $0.title.hasPrefix("ตัวชี้วัดการขับเคลื่อนแผน") }?.C } == [45.59, 59.41, 93.60])
    }

    @Test("the monitoring sheet: 45.59 → 59.41 → 93.60 as formulas, and a line chart")
    func monitoring() throws {
        let book = try XLSXPackage(Self.built + "/department.xlsx")
        let cells = try book.cells("ติดตามรายรอบ")
        let plan = ["E4", "E5", "E6"].map { cells[$0] }
        #expect(plan.map { $0?.number } == [45.59, 59.41, 93.60])
        #expect(plan.allSatisfy { $0?.formula != nil })
        #expect(book.parts.contains { $0.hasPrefix("xl/charts/chart") })
    }

    @Test("a division overview: every division with its total, rank and a bar chart (sample FY2563)")
    func overview() throws {
        let out = Repository.temporaryFolder("overview")
        let run = try Shell.execute(Repository.executable, ["build", "--inputs", Repository.fixture("seed001"), "--outputs", out])
        #expect(run.status == 0, "\(run.stderr)")
        let book = try XLSXPackage(out + "/2563/R6/department.xlsx")
        #expect(book.sheets.first?.name == "ภาพรวม")
        let cells = try book.cells("ภาพรวม")
        var totals: [String: Double] = [:], ranks: [String: Double] = [:]
        for row in 6...11 {
            let id = try #require(cells["B\(row)"]?.value)
            totals[id] = cells["D\(row)"]?.number
            ranks[id] = cells["E\(row)"]?.number
            #expect(cells["D\(row)"]?.formula?.contains("ข้อมูลคะแนน") == true)
        }
        #expect(totals == ["SEC": 5, "DEV": 5, "HRM": 4.55, "BAD": 5, "FIN": 4.8, "ICT": 4.9])
        #expect(ranks == ["SEC": 1, "DEV": 1, "HRM": 6, "BAD": 1, "FIN": 5, "ICT": 4])
        #expect(book.parts.contains { $0.hasPrefix("xl/charts/chart") })
    }
}
