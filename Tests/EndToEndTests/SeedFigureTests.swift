import Foundation
import Testing
import KPIReportApp
import KPIReportCore
import TestSupport

/// Builds a fixture folder in-process, failing the test on any input error.
func built(_ fixture: String, year: Int? = nil, round: String? = nil, configure: (inout Request) -> Void = { _ in },
           sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (Outcome, String) {
    let (outcome, out) = build(Repository.fixture(fixture), year: year) { request in
        request.round = round.flatMap { Round(code: $0) }
        configure(&request)
    }
    #expect(outcome.status == .ok, "\(outcome.findings.filter { $0.severity == .error }) \(outcome.failure ?? "")", sourceLocation: sourceLocation)
    return (outcome, out)
}

/// A sheet of a written workbook as a table: the row whose first column holds `key`, the column whose
/// header holds `title`.
struct SheetTable {
    let cells: [String: XLSXPackage.StoredCell]

    init(_ book: XLSXPackage, _ sheet: String) throws { cells = try book.cells(sheet) }

    func text(_ ref: String) -> String? { cells[ref]?.value }

    /// The row (1-based) whose column `column` holds `key`.
    func row(_ key: String, column: String = "A") -> Int? {
        (1...400).first { cells["\(column)\($0)"]?.value == key }
    }

    /// The column letters whose header (rows 1–6) holds `title`.
    func column(_ title: String) -> String? {
        for c in 0..<40 {
            let letters = c < 26 ? String(UnicodeScalar(UInt8(65 + c))) : "A" + String(UnicodeScalar(UInt8(65 + c - 26)))
            if (1...6).contains(where: { cells["\(letters)\($0)"]?.value == title }) { return letters }
        }
        return nil
    }

    func number(row key: String, column title: String, keyColumn: String = "A") -> Double? {
        guard let r = row(key, column: keyColumn), let c = column(title) else { return nil }
        return cells["\(c)\(r)"]?.number
    }
}

/// The official figures of the seeds, from inputs transcribed from them (Tests/Fixtures), read from
/// what the tool wrote: the run's figures and the workbooks' cells.
@Suite struct SeedFigureTests {
    @Test("seed 001: the six FY2563 R6 totals of the official summaries, as the cached values of Total_R6")
    func seed001Totals() throws {
        let (outcome, out) = try built("seed001")
        let folder = try #require(outcome.folders.first)
        #expect(folder.year == 2563 && folder.round.code == "R6")
        let totals = Dictionary(uniqueKeysWithValues: folder.units.map { ($0.division.name, $0.totals.last?.total) })
        #expect(totals["กองบริหารทรัพยากรบุคคล"] == 4.5500)
        #expect(totals["กองบริหารการคลัง"] == 4.8000)
        #expect(totals["ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร"] == 4.9000)
        #expect(totals["สำนักงานเลขานุการกรม"] == 5.0000)
        #expect(totals["กองพัฒนาระบบการบังคับคดีและประเมินราคาทรัพย์สิน"] == 5.0000)
        #expect(totals["กองติดตามและเฉลี่ยทรัพย์สินในคดีล้มละลาย"] == 5.0000)
        for unit in folder.units {
            let book = try XLSXPackage(out + "/2563/R6/\(unit.division.id.value).xlsx")
            let named = try #require(try book.cell(named: "Total_R6"))
            #expect(named.cell.formula?.contains("ROUND(") == true)
            #expect(named.cell.number == unit.totals.last?.total)
        }
    }

    @Test("seed 001: HRM's moved weights and the notes worded as the official summary (2.4's 10 split 5/5; 7.1's 2 to 6.1)")
    func seed001Moves() throws {
        let (_, out) = try built("seed001")
        let book = try XLSXPackage(out + "/2563/R6/HRM.xlsx")
        let summary = try SheetTable(book, "สรุปผลคะแนน")
        #expect(summary.number(row: "2.2", column: "น้ำหนัก") == 10)
        #expect(summary.number(row: "2.3", column: "น้ำหนัก") == 10)
        #expect(summary.number(row: "6.1", column: "น้ำหนัก") == 5)
        let r24 = try #require(summary.row("2.4"))
        #expect(summary.text("C\(r24)") == "รายงานรอบ ๑๒ เดือน")
        let notes = summary.cells.values.compactMap(\.value).filter { $0.hasPrefix("ตัวชี้วัด ข้อ") }.sorted()
        #expect(notes.count == 2)
        #expect(notes[0].hasPrefix("ตัวชี้วัด ข้อ 2.4 ระดับคะแนนในการสำรวจความผูกพันของบุคลากรที่มีต่อองค์กร จะนำน้ำหนัก 10 ใส่ไว้ในข้อ 2.2 "))
        #expect(notes[0].contains("(5) และนำไปใส่ไว้ในข้อ 2.3 "))
        #expect(notes[1] == "ตัวชี้วัด ข้อ 7.1 ระดับความสำเร็จการเสนอขอรับรองเป็นหน่วยงานมาตรฐาน จะนำน้ำหนัก 2 ใส่ไว้ในข้อ 6.1 ร้อยละของบุคลากรที่ได้รับผลการประเมินการปฏิบัติงานประจำปี")
    }

    @Test("seed 003: policy annex 60.60 / 65 = 93.23 %, plan annex 79.56 / 85 = 93.60 %, plan group 2 = 63.73 %, 5G 92.00 %")
    func seed003Annexes() throws {
        let (outcome, out) = try built("seed003", year: 2566)
        let folder = try #require(outcome.folders.first)
        #expect(folder.round.code == "Q4")
        let led = try #require(folder.units.first { $0.division.id.value == "LED" })
        #expect(led.kind == .annexOnly && led.totals.isEmpty)
        #expect(led.annexes.count == 2)
        let policy = led.annexes[0], plan = led.annexes[1]
        #expect(policy.count == 13 && policy.full == 65 && policy.actual == 60.6 && policy.percent == 93.23)
        #expect(plan.count == 17 && plan.full == 85 && abs(plan.actual - 79.56) < 1e-9 && plan.percent == 93.60)
        let group2 = try #require(plan.sections.first { $0.title.hasPrefix("แผนปฏิบัติการ เรื่องที่ ๒") })
        #expect(group2.full == 15 && abs(group2.actual - 9.56) < 1e-9 && group2.percent == 63.73)
        #expect(policy.sections.first { $0.title.hasPrefix("Change Better") }?.percent == 92.00)
        for file in ["LED.xlsx", "department.xlsx"] {
            let book = try XLSXPackage(out + "/2566/Q4/" + file)
            #expect(try book.cell(named: "Annex1_C")?.cell.number == 93.23, "\(file)")
            #expect(try book.cell(named: "Annex2_C")?.cell.number == 93.60, "\(file)")
            #expect(book.names.filter { $0.name == "Annex_C" }.count == 2, "\(file): Annex_C local to each annex sheet")
        }
    }

    @Test("seed 003 written with flat groups (each heading a first-level group): the same 93.23 % and 93.60 %")
    func seed003Flat() throws {
        let source = Repository.fixture("seed003")
        let folder = try Repository.copy(source)
        var text = try String(contentsOfFile: source + "/indicators.csv", encoding: .utf8)
        text = text.replacingOccurrences(of: "Change Better To Be LED 5G + > ", with: "")
        try text.write(toFile: folder + "/indicators.csv", atomically: true, encoding: .utf8)
        let (outcome, out) = build(folder, year: 2566)
        #expect(outcome.status == .ok)
        let led = try #require(outcome.folders.first?.units.first { $0.division.id.value == "LED" })
        #expect(led.annexes.map(\.percent) == [93.23, 93.60])
        #expect(led.annexes[0].sections.count == 6)
        let book = try XLSXPackage(out + "/2566/Q4/department.xlsx")
        #expect(try book.cell(named: "Annex1_C")?.cell.number == 93.23)
    }

    @Test("seed 003: one annex per unit without an annex column; the department's own unit gets no invented total")
    func oneAnnexWithoutColumn() throws {
        let source = Repository.fixture("seed003")
        let folder = try Repository.copy(source)
        let rows = try String(contentsOfFile: source + "/indicators.csv", encoding: .utf8).split(separator: "\n")
        // Drop the annex column (the last one).
        let cut = rows.map { row -> String in
            var fields = row.split(separator: ",", omittingEmptySubsequences: false)
            fields.removeLast()
            return fields.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
        try cut.write(toFile: folder + "/indicators.csv", atomically: true, encoding: .utf8)
        let (outcome, out) = build(folder, year: 2566)
        #expect(outcome.status == .ok, "\(outcome.findings)")
        let led = try #require(outcome.folders.first?.units.first { $0.division.id.value == "LED" })
        #expect(led.annexes.count == 1)
        #expect(led.annexes[0].count == 30 && led.annexes[0].full == 150)
        let book = try XLSXPackage(out + "/2566/Q4/LED.xlsx")
        #expect(try book.cell(named: "Annex_C") != nil)
        #expect(!book.sheets.map(\.name).contains("สรุปผลคะแนน"))
        #expect(book.names.allSatisfy { !$0.name.hasPrefix("Total_") })
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/2566/Q4/manifest.json"))) as? [String: Any]
        let unit = (manifest?["units"] as? [[String: Any]])?.first { $0["id"] as? String == "LED" }
        #expect(unit?["total"] == nil)
    }

    @Test("seed 003: row scores 4.60 and 4.56, the lower-is-better ratio 105.69, below 60 % → 1.00, nothing → 0")
    func seed003Rows() throws {
        let (_, out) = try built("seed003", year: 2566)
        let round = try SheetTable(try XLSXPackage(out + "/2566/Q4/LED.xlsx"), "รอบ ๑๒ เดือน")
        let score2 = ThaiLabels.annexScoreColumn
        #expect(round.number(row: "1.8", column: score2) == 4.60)
        #expect(round.number(row: "2.11", column: score2) == 4.56)
        #expect(round.number(row: "2.2", column: ThaiLabels.ratioColumn).map { SpreadsheetMath.round($0, 2) } == 105.69)
        #expect(round.number(row: "2.2", column: score2) == 5.00)
        #expect(round.number(row: "1.11", column: score2) == 1.00)
        #expect(round.number(row: "2.13", column: score2) == 0)
    }

    @Test("seed 003: projects 4,225 / 4,900 = 86.22 % with counts 0/2/5/11/31, budget and disbursement sums")
    func seed003Projects() throws {
        let (_, out) = try built("seed003", year: 2566)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/2566/Q4/manifest.json"))) as? [String: Any]
        let projects = try #require((manifest?["department"] as? [String: Any])?["projects"] as? [String: Any])
        #expect(projects["count"] as? Int == 49)
        #expect(projects["counts"] as? [String: Int] == ["0": 0, "25": 2, "50": 5, "75": 11, "100": 31])
        #expect(projects["success"] as? Double == 86.22)
        #expect((projects["budget"] as? Double).map { SpreadsheetMath.round($0, 2) } == 67_792_485.48)
        #expect((projects["disbursed"] as? Double).map { SpreadsheetMath.round($0, 2) } == 41_783_139.54)
        let book = try XLSXPackage(out + "/2566/Q4/department.xlsx")
        let success = try #require(try book.cell(named: "Projects_Success"))
        #expect(success.cell.number == 86.22 && success.cell.formula?.contains("ROUND(") == true)
    }

    @Test("seed 003 part 3: the plan's success per monitoring round 45.59 → 59.41 → 93.60")
    func seed003Monitoring() throws {
        let (_, out) = try built("seed003", year: 2566)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/2566/Q4/manifest.json"))) as? [String: Any]
        let monitoring = try #require((manifest?["department"] as? [String: Any])?["monitoring"] as? [[String: Any]])
        #expect(monitoring.map { $0["round"] as? String } == ["Q2", "Q3", "Q4"])
        let plan = monitoring.map { ($0["annexes"] as? [String: Double])?.first { $0.key.hasPrefix("ตัวชี้วัดการขับเคลื่อนแผน") }?.value }
        #expect(plan == [45.59, 59.41, 93.60])

        // The monitoring chart caches the same figures (libxlsxwriter alone would cache a formula as 0):
        // a viewer that does not recalculate draws 45.59, 59.41, 93.60.
        let book = try XLSXPackage(out + "/2566/Q4/department.xlsx")
        let charts = try book.allXMLText().filter { $0.part.hasPrefix("xl/charts/") }.map(\.text).joined()
        let cached = charts.components(separatedBy: "<c:numCache>").dropFirst().map { cache in
            cache.components(separatedBy: "</c:numCache>")[0].components(separatedBy: "<c:v>").dropFirst()
                .compactMap { Double($0.components(separatedBy: "</c:v>")[0]) }
        }
        #expect(cached.contains { $0.map { ($0 * 100).rounded() / 100 } == [45.59, 59.41, 93.60] }, "\(cached)")
        #expect(!cached.isEmpty && cached.allSatisfy { !$0.allSatisfy { $0 == 0 } })
    }

    @Test("seed 004: per-round criteria and the late penalty (R6 3.5 − 3 days × 0.10 = 3.20; R12 4.50)")
    func seed004() throws {
        let (r6, out6) = try built("seed004", round: "R6")
        let (r12, _) = try built("seed004", round: "R12")
        #expect(r6.folders.first?.units.first?.totals.last?.total == 4.91)
        #expect(r12.folders.first?.units.first?.totals.last?.total == 4.975)
        let sheet = try SheetTable(try XLSXPackage(out6 + "/2566/R6/PMD.xlsx"), "รอบ ๖ เดือน")
        #expect(sheet.number(row: "5.1", column: ThaiLabels.finalScoreColumn).map { SpreadsheetMath.round($0, 10) } == 3.2)
        #expect(sheet.number(row: "5.1", column: ThaiLabels.daysLateColumn) == 3)
    }

    @Test("seed 000: the FY2564 agreement scores with moves in R6 and every indicator in R12")
    func seed000() throws {
        let (r6, _) = try built("seed000", round: "R6")
        let (r12, _) = try built("seed000", round: "R12")
        #expect(r6.folders.first?.year == 2564)
        #expect(r6.folders.first?.units.first?.totals.last?.total == 4.3889)
        #expect(r12.folders.first?.units.first?.totals.map(\.total) == [4.3889, 4.5842])
    }
}
