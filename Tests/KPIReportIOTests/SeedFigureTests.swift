import Testing
import KPIReportCore
import KPIReportIO
import TestSupport

/// Reads a fixture folder and scores it, failing the test on any input error.
func scoredReport(_ fixture: String, year: Int? = nil, round: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> YearReport {
    let (tables, readProblems) = InputFolder.read(Repository.fixture(fixture), encoding: nil)
    let (dataset, rowProblems) = DatasetBuilder.build(tables)
    var diagnostics = Diagnostics()
    diagnostics.append(contentsOf: readProblems + rowProblems)
    let years = FiscalYearResolver.years(of: dataset, requested: year, today: CivilDate(daysSinceEpoch: 20_000))
    let data = FiscalYearResolver.slice(dataset, year: years.years[0], diagnostics: &diagnostics)
    let report = ReportBuilder.build(data, options: .init(round: round.flatMap { Round(code: $0) }), diagnostics: &diagnostics)
    #expect(diagnostics.errors.isEmpty, "\(diagnostics.errors)", sourceLocation: sourceLocation)
    return try #require(report, sourceLocation: sourceLocation)
}

/// The official figures of the seeds, from inputs transcribed from them (Tests/Fixtures).
@Suite struct SeedFigureTests {
    @Test("seed 001: the six FY2563 R6 totals of the official summaries")
    func seed001Totals() throws {
        let report = try scoredReport("seed001")
        #expect(report.fiscalYear == 2563)
        #expect(report.round.code == "R6")
        let totals = Dictionary(uniqueKeysWithValues: report.divisions.map { ($0.division.name, $0.current.total) })
        #expect(totals["กองบริหารทรัพยากรบุคคล"] == 4.5500)
        #expect(totals["กองบริหารการคลัง"] == 4.8000)
        #expect(totals["ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร"] == 4.9000)
        #expect(totals["สำนักงานเลขานุการกรม"] == 5.0000)
        #expect(totals["กองพัฒนาระบบการบังคับคดีและประเมินราคาทรัพย์สิน"] == 5.0000)
        #expect(totals["กองติดตามและเฉลี่ยทรัพย์สินในคดีล้มละลาย"] == 5.0000)
        for division in report.divisions { #expect(division.current.totalWeight == 100) }
    }

    @Test("seed 001: the summary's moved weights and notes (HRM: 2.4's 10 split 5/5; 7.1's 2 to 6.1)")
    func seed001Moves() throws {
        let report = try scoredReport("seed001")
        let hrm = try #require(report.divisions.first { $0.division.id == "HRM" }).current
        let weight = Dictionary(uniqueKeysWithValues: hrm.indicators.map { ($0.id.value, $0.effectiveWeight) })
        #expect(weight["2.2"] == 10 && weight["2.3"] == 10 && weight["6.1"] == 5 && weight["2.4"] == 0 && weight["7.1"] == 0)
        let notes = SummarySheet.moveNotes(hrm, labels: IndicatorLabels(thaiDigits: false))
        #expect(notes.count == 2)
        #expect(notes[0].hasPrefix("ตัวชี้วัด ข้อ 2.4 ระดับคะแนนในการสำรวจความผูกพันของบุคลากรที่มีต่อองค์กร จะนำน้ำหนัก 10 ใส่ไว้ในข้อ 2.2 "))
        #expect(notes[0].contains("(5) และนำไปใส่ไว้ในข้อ 2.3 "))
        #expect(notes[1] == "ตัวชี้วัด ข้อ 7.1 ระดับความสำเร็จการเสนอขอรับรองเป็นหน่วยงานมาตรฐาน จะนำน้ำหนัก 2 ใส่ไว้ในข้อ 6.1 ร้อยละของบุคลากรที่ได้รับผลการประเมินการปฏิบัติงานประจำปี")
        let hr24 = try #require(hrm.indicators.first { $0.id.value == "2.4" })
        #expect(hr24.assessedIn?.code == "R12")
        #expect(ThaiLabels.reportedIn(try #require(hr24.assessedIn)) == "รายงานรอบ ๑๒ เดือน")
    }

    @Test("seed 003: policy annex 60.60 / 65 = 93.23 %, plan annex 79.56 / 85 = 93.60 %, plan group 2 = 63.73 %")
    func seed003Annexes() throws {
        let report = try scoredReport("seed003")
        #expect(report.round.code == "Q4")
        let annexes = report.department.annexes
        #expect(annexes.count == 2)
        let policy = try #require(annexes.first { $0.title.hasPrefix("ตัวชี้วัดนโยบาย") }).totals
        #expect(policy.count == 13 && policy.full == 65 && ExcelMath.round(policy.actual, 2) == 60.60 && policy.percent == 93.23)
        let plan = try #require(annexes.first { $0.title.hasPrefix("ตัวชี้วัดการขับเคลื่อนแผน") })
        #expect(plan.totals.count == 17 && plan.totals.full == 85 && ExcelMath.round(plan.totals.actual, 2) == 79.56 && plan.totals.percent == 93.60)
        let group2 = try #require(plan.allGroups.first { $0.title.hasPrefix("แผนปฏิบัติการ เรื่องที่ ๒") }).totals
        #expect(group2.full == 15 && ExcelMath.round(group2.actual, 2) == 9.56 && group2.percent == 63.73)
        let fiveG = try #require(annexes[0].allGroups.first { $0.title.hasPrefix("Change Better") }).totals
        #expect(fiveG.percent == 92.00)
    }

    @Test("seed 003: row scores 4.60 and 4.56, the lower-is-better ratio 105.69, below 60 % → 1.00, nothing → 0")
    func seed003Rows() throws {
        let report = try scoredReport("seed003")
        let led = try #require(report.divisions.first { $0.division.id == "LED" }).current
        func row(_ id: String) throws -> ScoreWorking { try #require(led.indicators.first { $0.id.value == id }?.working) }
        #expect(try row("1.8").annexScore == 4.60)
        #expect(try row("2.11").annexScore == 4.56)
        #expect(ExcelMath.round(try #require(try row("2.2").ratio), 2) == 105.69)
        #expect(try row("2.2").annexScore == 5.00)
        #expect(try row("1.11").annexScore == 1.00)
        #expect(try row("2.13").annexScore == 0)
    }

    @Test("seed 003: projects 4,225 / 4,900 = 86.22 % with counts 0/2/5/11/31")
    func seed003Projects() throws {
        let report = try scoredReport("seed003")
        let projects = try #require(report.department.projects)
        #expect(projects.count == 49)
        #expect(projects.countsByLevel == [0, 2, 5, 11, 31])
        #expect(projects.scoreSum == 4225)
        #expect(projects.success == 86.22)
        #expect(ExcelMath.round(projects.budget, 2) == 67_792_485.48)
        #expect(ExcelMath.round(projects.disbursed, 2) == 41_783_139.54)
    }

    @Test("seed 003 part 3: the plan's success per monitoring round 45.59 → 59.41 → 93.60")
    func seed003Monitoring() throws {
        let report = try scoredReport("seed003")
        let plan = report.department.annexesByRound.map { entry in
            (entry.round.code, entry.tables.first { $0.title.hasPrefix("ตัวชี้วัดการขับเคลื่อนแผน") }?.totals.percent)
        }
        #expect(plan.map(\.0) == ["Q2", "Q3", "Q4"])
        #expect(plan.map(\.1) == [45.59, 59.41, 93.60])
    }

    @Test("seed 004: per-round criteria and the late penalty (R6 3.5 − 3 days × 0.10 = 3.20; R12 4.50)")
    func seed004() throws {
        let r6 = try scoredReport("seed004", round: "R6")
        let r12 = try scoredReport("seed004", round: "R12")
        let a = try #require(r6.divisions[0].current.indicators.first { $0.id.value == "5.1" })
        let b = try #require(r12.divisions[0].current.indicators.first { $0.id.value == "5.1" })
        #expect(abs((a.working?.score ?? 0) - 3.2) < 1e-12)
        #expect(a.rule.rounds == [Round(code: "R6")!])
        #expect(b.working?.score == 4.5)
        #expect(b.rule.rounds == [Round(code: "R12")!])
        #expect(r6.divisions[0].current.total == 4.91)
        #expect(r12.divisions[0].current.total == 4.975)
    }

    @Test("seed 000: the FY2564 agreement scores with moves in R6 and every indicator in R12")
    func seed000() throws {
        let r6 = try scoredReport("seed000", round: "R6")
        let r12 = try scoredReport("seed000", round: "R12")
        #expect(r6.fiscalYear == 2564)
        #expect(r6.divisions[0].current.totalWeight == 100)
        #expect(r6.divisions[0].current.moves.count == 5)
        #expect(r12.divisions[0].current.moves.isEmpty)
        #expect(r6.divisions[0].current.total == 4.3889)
        #expect(r12.divisions[0].current.total == 4.5842)
        #expect(r12.rounds.map(\.code) == ["R6", "R12"])
    }
}
