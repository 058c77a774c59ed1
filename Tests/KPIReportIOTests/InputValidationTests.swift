import Foundation
import Testing
import KPIReportCore
import KPIReportIO
import TestSupport

/// A small, sound inputs folder, and ways to break it one line at a time.
enum MiniInputs {
    static let divisions = """
    division_id,name,short_name
    SEC,สำนักงานเลขานุการกรม,สล.
    HRM,กองบริหารทรัพยากรบุคคล,กบท.

    """
    static let indicators = """
    division_id,indicator_id,name,unit,weight,method,direction,t1,t2,t3,t4,t5,target,rounds,group,redistribute_to,late_penalty,note
    SEC,1.1,ร้อยละความพึงพอใจของผู้รับบริการ,ร้อยละ,60,threshold,higher,80,85,90,95,100,90,R6;R12,มิติภายนอก,,,
    SEC,2.1,ระดับความสำเร็จการจัดทำแผน,ระดับ,30,level,,,,,,,3,R6;R12,มิติภายใน,,,
    SEC,2.2,ระดับความสำเร็จการเสนอขอรับรอง,ระดับ,10,level,,,,,,,3,R12,มิติภายใน,2.1,,
    HRM,1.1,ร้อยละของบุคลากรที่ได้รับการพัฒนา,ร้อยละ,100,threshold,higher,80,85,90,95,100,90,,,,0.10,

    """
    static let results = """
    division_id,round,indicator_id,result,numerator,denominator,level,due_on,reported_on,note
    SEC,R6,1.1,92.5,,,,2020-04-15,2020-04-10,
    SEC,R6,2.1,,,,4,2020-04-15,2020-04-10,
    HRM,R6,1.1,,45,50,,2020-04-15,2020-04-17,

    """

    /// Writes the folder with `change` applied to file texts (by file name).
    static func folder(_ change: (inout [String: String]) -> Void = { _ in }) -> String {
        var files = ["divisions.csv": divisions, "indicators.csv": indicators, "results.csv": results]
        change(&files)
        let folder = Repository.temporaryFolder("mini")
        for (name, text) in files { FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(text.utf8)) }
        return folder
    }

    /// Replaces line `line` (1-based) of a text.
    static func replacing(_ text: String, line: Int, with new: String) -> String {
        var lines = text.components(separatedBy: "\n")
        lines[line - 1] = new
        return lines.joined(separator: "\n")
    }

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

    /// (what, file, line, replacement, expected diagnostics)
    static let cases: [(String, String, Int, String, [String])] = [
        ("not a number", "results.csv", 2, "SEC,R6,1.1,92.5x,,,,2020-04-15,2020-04-10,",
         ["results.csv:2:4: error: result: \"92.5x\" is not a number (write e.g. 92.5, 92.5%, 1,880,000.00 or ๙๒.๕; - or empty for no value)"]),
        ("unknown division", "results.csv", 2, "SXC,R6,1.1,92.5,,,,2020-04-15,2020-04-10,",
         ["results.csv:2:1: error: unknown division \"SXC\" (not in divisions.csv)"]),
        ("unknown indicator", "results.csv", 2, "SEC,R6,1.9,92.5,,,,2020-04-15,2020-04-10,",
         ["results.csv:2:3: error: unknown indicator 1.9 of SEC (not in indicators.csv)"]),
        ("unknown round", "results.csv", 3, "SEC,R7,2.1,,,,4,2020-04-15,2020-04-10,",
         ["results.csv:3:2: error: unknown round \"R7\" (R6, R12, Q1…Q4, M01…M12)"]),
        ("duplicate result", "results.csv", 3, "SEC,R6,1.1,90,,,,2020-04-15,2020-04-10,",
         ["results.csv:3: error: a second result for SEC 1.1 in R6 (first on line 2)"]),
        ("level outside 0–5", "results.csv", 3, "SEC,R6,2.1,,,,5.5,2020-04-15,2020-04-10,",
         ["results.csv:3:7: error: level 5.5 is outside 0–5"]),
        ("denominator 0", "results.csv", 4, "HRM,R6,1.1,,45,0,,2020-04-15,2020-04-17,",
         ["results.csv:4:6: error: denominator is 0"]),
        ("ambiguous date", "results.csv", 4, "HRM,R6,1.1,,45,50,,4/15/2020,2020-04-17,",
         ["results.csv:4:8: error: due_on: \"4/15/2020\" is ambiguous (day/month or month/day?); write it as 2020-MM-DD or with a Buddhist-Era year, e.g. 7/2/2567"]),
        ("weights do not sum to 100", "indicators.csv", 3, "SEC,2.1,ระดับความสำเร็จการจัดทำแผน,ระดับ,25,level,,,,,,,3,R6;R12,มิติภายใน,,,",
         ["indicators.csv: error: SEC R6: effective weights sum to 95, not 100 (fix the weights, or run with --allow-weight-gap)"]),
        ("weight lost: not assessed, no redistribute_to", "indicators.csv", 4, "SEC,2.2,ระดับความสำเร็จการเสนอขอรับรอง,ระดับ,10,level,,,,,,,3,R12,มิติภายใน,,,",
         ["indicators.csv: error: SEC R6: effective weights sum to 90, not 100 (2.2 is not assessed in R6 and has no redistribute_to) (fix the weights, or run with --allow-weight-gap)"]),
        ("move to an unknown indicator", "indicators.csv", 4, "SEC,2.2,ระดับความสำเร็จการเสนอขอรับรอง,ระดับ,10,level,,,,,,,3,R12,มิติภายใน,2.9,,",
         ["indicators.csv:4:16: error: indicator 2.2 moves its weight to 2.9, which SEC does not have"]),
        ("split that does not add up", "indicators.csv", 4, "SEC,2.2,ระดับความสำเร็จการเสนอขอรับรอง,ระดับ,10,level,,,,,,,3,R12,มิติภายใน,1.1:5;2.1:4,,",
         ["indicators.csv:4:16: error: redistribute_to moves 9 but indicator 2.2 weighs 10"]),
        ("criteria not strictly monotonic (seed 000's OCR slip)", "indicators.csv", 2,
         "SEC,1.1,ร้อยละความพึงพอใจของผู้รับบริการ,ร้อยละ,60,threshold,higher,๘๐,๙๕,๙๐,๙๕,๑๐๐,90,R6;R12,มิติภายนอก,,,",
         ["indicators.csv:2:10: error: criteria of 1.1 are not strictly increasing: 80 95 90 95 100; t3 = 90 after t2 = 95"]),
        ("lower criteria that rise", "indicators.csv", 5, "HRM,1.1,ร้อยละข้อผิดพลาด,ร้อยละ,100,threshold,lower,2,4,6,8,10,5,,,,0.10,",
         ["indicators.csv:5:9: error: criteria of 1.1 are not strictly decreasing (direction lower): 2 4 6 8 10; t2 = 4 after t1 = 2"]),
        ("unknown method", "indicators.csv", 3, "SEC,2.1,ระดับความสำเร็จการจัดทำแผน,ระดับ,30,score,,,,,,,3,R6;R12,มิติภายใน,,,",
         ["indicators.csv:3:6: error: unknown method \"score\" (threshold, target_ratio or level)"]),
        ("division id that cannot name a file", "divisions.csv", 3, "HR/M,กองบริหารทรัพยากรบุคคล,กบท.",
         ["divisions.csv:3:1: error: division_id \"HR/M\" may hold only A-Z, a-z, 0-9, _ and - (it names the division's workbook file)",
          "indicators.csv:5:1: error: unknown division \"HRM\" (not in divisions.csv)",
          "results.csv:4:1: error: unknown division \"HRM\" (not in divisions.csv)"]),
        ("duplicate division", "divisions.csv", 3, "SEC,กองบริหารทรัพยากรบุคคล,กบท.",
         ["divisions.csv:3:1: error: division SEC is listed twice (first on line 2)",
          "indicators.csv:5:1: error: unknown division \"HRM\" (not in divisions.csv)",
          "results.csv:4:1: error: unknown division \"HRM\" (not in divisions.csv)"]),
        ("indicator listed twice for the same round", "indicators.csv", 3, "SEC,1.1,ระดับความสำเร็จการจัดทำแผน,ระดับ,30,level,,,,,,,3,R6,มิติภายใน,,,",
         ["indicators.csv:3: error: indicator 1.1 of SEC is listed twice for the same round(s) (first on line 2); give each row its own rounds",
          "indicators.csv:4:16: error: indicator 2.2 moves its weight to 2.1, which SEC does not have",
          "results.csv:3:3: error: unknown indicator 2.1 of SEC (not in indicators.csv)"]),
        ("missing required column", "results.csv", 1, "division_id,rnd,indicator_id,result,numerator,denominator,level,due_on,reported_on,note",
         ["results.csv:1: error: missing required column \"round\" (or \"รอบ\")",
          "results.csv:1:2: warning: unknown column \"rnd\" is ignored (expected: year, division_id, round, indicator_id, result, numerator, denominator, level, due_on, reported_on, note)"]),
    ]

    @Test("a problem in the inputs is reported at its place", arguments: cases)
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
