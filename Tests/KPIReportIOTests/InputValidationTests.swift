import Foundation
import Testing
import KPIReportCore
import KPIReportIO
import TestSupport

extension MiniInputs {
    /// Runs `check` on a folder and returns the diagnostics as printed, the folder's prefix removed.
    static func check(_ folder: String, year: Int? = nil) -> (Pipeline.Outcome, [String]) {
        let outcome = Pipeline.run(Pipeline.Request(inputs: folder, outputs: "", year: year, checkOnly: true,
                                                    today: CivilDate(daysSinceEpoch: 20_000)))
        return (outcome, outcome.diagnostics.map { $0.description.replacingOccurrences(of: folder + "/", with: "") })
    }
}

/// Every kind of problem in the inputs, each reported with its exact file, line, column and message
/// (SPEC §1), all of them in one run.
@Suite struct InputValidationTests {
    @Test("the sound folder checks clean and scores as computed by hand")
    func sound() throws {
        let (outcome, messages) = MiniInputs.check(MiniInputs.folder())
        #expect(messages.isEmpty)
        let totals = try #require(outcome.reports.first).totals
        #expect(totals.map(\.division) == ["SEC", "HRM"])
        #expect(totals.map(\.total) == [3.7, 2.8])
        #expect(outcome.reports.first?.year == 2563)
    }

    @Test("a problem in the inputs is reported at its place", arguments: BrokenInputs.cases)
    func problem(what: String, file: String, line: Int, replacement: String, expected: [String]) {
        let folder = MiniInputs.folder { files in
            files[file] = MiniInputs.replacing(files[file] ?? "", line: line, with: replacement)
        }
        let (outcome, messages) = MiniInputs.check(folder, year: 2563)
        #expect(messages == expected, "\(what)")
        #expect(outcome.failed == expected.contains { $0.contains(": error: ") })
    }

    @Test("all problems of a run come together, sorted by file and line")
    func allAtOnce() {
        let folder = MiniInputs.folder { files in
            files["results.csv"] = MiniInputs.replacing(files["results.csv"] ?? "", line: 2, with: "SEC,R6,1.1,abc,,,,2020-04-15,2020-04-10,")
            files["results.csv"] = MiniInputs.replacing(files["results.csv"] ?? "", line: 4, with: "HRM,R9,1.1,,45,50,,2020-04-15,2020-04-17,")
            files["indicators.csv"] = MiniInputs.replacing(files["indicators.csv"] ?? "", line: 3,
                                                           with: "SEC,2.1,ระดับความสำเร็จการจัดทำแผน,ระดับ,thirty,level,,,,,,,3,R6;R12,มิติภายใน,,,")
        }
        let (outcome, messages) = MiniInputs.check(folder, year: 2563)
        #expect(outcome.failed)
        #expect(messages.filter { $0.contains(": error: ") }.map { String($0.prefix { $0 != " " }) }
                == ["indicators.csv:3:5:", "results.csv:2:4:", "results.csv:4:2:"])
    }

    @Test("Thai headers in any order and case, Thai digits, % and thousands separators read as numbers")
    func thaiHeaders() throws {
        let folder = MiniInputs.folder { files in
            files["divisions.csv"] = "ชื่อหน่วยงาน,รหัสหน่วยงาน\nสำนักงานเลขานุการกรม,SEC\nกองบริหารทรัพยากรบุคคล,HRM\n"
            files["results.csv"] = """
            ตัวชี้วัด,รอบ,รหัสหน่วยงาน,ผลการดำเนินงาน,Level,DUE_ON,Reported_On
            ๑.๑,r6,SEC, ๙๒.๕๐% ,,๑๕ เม.ย. ๒๕๖๓,10/4/2563
            2.1,R6,SEC,,๔,2020-04-15,2020-04-10
            1.1,R6,HRM,"90.00",,2563-04-15,2563-04-17

            """
        }
        let (outcome, messages) = MiniInputs.check(folder)
        #expect(messages.isEmpty)
        #expect(outcome.reports.first?.totals.map(\.total) == [3.7, 2.8])
    }

    @Test("an unknown column is warned about once per file, and the run goes on")
    func unknownColumn() {
        let folder = MiniInputs.folder { files in
            files["results.csv"] = (files["results.csv"] ?? "").replacingOccurrences(of: "reported_on,note", with: "reported_on,note,remark")
        }
        let (outcome, messages) = MiniInputs.check(folder)
        #expect(!outcome.failed)
        #expect(messages == ["results.csv:1:11: warning: unknown column \"remark\" is ignored (expected: year, division_id, round, indicator_id, result, numerator, denominator, level, due_on, reported_on, note)"])
    }

    @Test("results split into one file per division per round read as one table")
    func resultsFolder() throws {
        let folder = MiniInputs.folder { files in files["results.csv"] = nil }
        try FileManager.default.createDirectory(atPath: folder + "/results", withIntermediateDirectories: true)
        let lines = MiniInputs.results.split(separator: "\n").map(String.init)
        try (lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n").write(toFile: folder + "/results/SEC-R6.csv", atomically: true, encoding: .utf8)
        try (lines[0] + "\r\n" + lines[3] + "\r\n").write(toFile: folder + "/results/HRM-R6.csv", atomically: true, encoding: .utf8)
        let (outcome, messages) = MiniInputs.check(folder)
        #expect(messages.isEmpty)
        #expect(outcome.reports.first?.totals.map(\.total) == [3.7, 2.8])
    }

    @Test("missing input files are named")
    func missingFiles() {
        let folder = MiniInputs.folder { files in files["indicators.csv"] = nil; files["results.csv"] = nil }
        let (outcome, messages) = MiniInputs.check(folder)
        #expect(outcome.failed)
        #expect(messages == ["indicators.csv: error: missing: every inputs folder needs indicators.csv (SPEC §1)",
                             "results.csv: error: missing: give results.csv or a results/ folder of .csv files (SPEC §1)"])
    }
}

/// What the rules table may say in other words.
@Suite struct RulesVariantsTests {
    @Test("the department's own indicators are annexes: their weights need not add up to 100")
    func departmentWeights() {
        let folder = MiniInputs.folder { files in
            files["divisions.csv"] = (files["divisions.csv"] ?? "") + "LED,กรมบังคับคดี,บค.\n"
            files["indicators.csv"] = (files["indicators.csv"] ?? "")
                + "LED,1.1,ร้อยละความเชื่อมั่นของประชาชน,ร้อยละ,5,target_ratio,,,,,,,85,,ตัวชี้วัดนโยบาย > ตัวชี้วัดภาพรวม,,,\n"
                + "LED,2.1,ร้อยละจำนวนเรื่องร้องเรียน,ร้อยละ,5,target_ratio,น้อยดี,,,,,,23,,ตัวชี้วัดแผน > ตัวชี้วัดภาพรวม,,,\n"
            files["results.csv"] = (files["results.csv"] ?? "") + "LED,R6,1.1,92,,,,,,\nLED,R6,2.1,18.62,,,,,,\n"
        }
        let (outcome, messages) = MiniInputs.check(folder, year: 2563)
        #expect(messages.isEmpty)
        #expect(!outcome.failed)
        #expect(outcome.reports.first?.totals.last?.division == "LED")
        #expect(outcome.reports.first?.totals.last?.total == 5)
    }

    @Test("direction in Thai words", arguments: [("น้อยดี", Direction.lower), ("ค่าน้อยดี", .lower), ("มากดี", .higher), ("Lower", .lower)])
    func thaiDirection(text: String, direction: Direction) {
        #expect(Direction(text: text) == direction)
    }
}
