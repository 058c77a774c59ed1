import Foundation
import Testing
import KPIReportApp
import KPIReportCore
import TestSupport

/// A run in-process: the findings as printed (the folder's prefix removed) and the outcome.
func check(_ folder: String, year: Int? = 2563, strict: Bool = false, departments: [String] = [], jobs: Int = 2) -> (Outcome, [String]) {
    var request = Request(today: CivilDate(daysSinceEpoch: 20_000))
    request.inputs = folder
    request.jobs = jobs
    request.year = year
    request.strict = strict
    request.departmentIDs = departments
    request.checkOnly = true
    let outcome = Run.execute(request)
    return (outcome, outcome.findings.map { $0.description.replacingOccurrences(of: folder + "/", with: "") })
}

/// A full build in-process into a fresh outputs folder.
func build(_ folder: String, year: Int? = nil, outputs: String = Repository.temporaryFolder("out"), configure: (inout Request) -> Void = { _ in })
    -> (Outcome, String) {
    var request = Request(today: CivilDate(daysSinceEpoch: 20_000))
    request.inputs = folder
    request.outputs = outputs
    request.year = year
    configure(&request)
    return (Run.execute(request), outputs)
}

/// The input contract (SPEC §1): every problem reported with its exact file, line, column and message,
/// all of them in one run, and nothing written when there is an error.
@Suite struct InputContractTests {
    @Test("the sound folder checks clean and scores as computed by hand")
    func sound() throws {
        let (outcome, messages) = check(MiniInputs.folder())
        #expect(messages.isEmpty)
        #expect(outcome.status == .ok)
        let (built, _) = build(MiniInputs.folder(), year: 2563)
        let units = try #require(built.folders.first).units
        #expect(units.map(\.division.id.value) == ["SEC", "HRM"])
        #expect(units.map { $0.totals.last?.total } == [3.7, 2.8])
    }

    @Test("a cell's length is counted in characters, not bytes: 32,767 Thai characters (98,301 bytes) pass, one more does not")
    func cellLengthInCharacters() {
        for (count, expected) in [(32_767, [String]()),
                                  (32_768, ["divisions.csv:3:2: error: this cell holds 32768 characters; a workbook cell holds at most 32767"])] {
            let folder = MiniInputs.folder { files in
                files["divisions.csv"] = MiniInputs.replacing(files["divisions.csv"] ?? "", line: 3,
                                                              with: "HRM," + String(repeating: "ก", count: count) + ",กบท.")
            }
            let (_, messages) = check(folder)
            #expect(messages == expected, "\(count) characters")
        }
    }

    @Test("a problem in the inputs is reported at its place, in-process", arguments: BrokenInputs.cases)
    func problem(what: String, file: String, line: Int, replacement: String, expected: [String]) {
        let folder = MiniInputs.folder { files in
            files[file] = MiniInputs.replacing(files[file] ?? "", line: line, with: replacement)
        }
        let (outcome, messages) = check(folder)
        #expect(messages == expected, "\(what)")
        #expect(outcome.status == (expected.contains { $0.contains(": error: ") } ? .inputErrors : .ok), "\(what)")
    }

    @Test("a broken input through the built executable: exit 65, every message located, nothing written", arguments: BrokenInputs.cases)
    func executable(what: String, file: String, line: Int, replacement: String, expected: [String]) throws {
        let folder = MiniInputs.folder { files in
            files[file] = MiniInputs.replacing(files[file] ?? "", line: line, with: replacement)
        }
        let out = Repository.temporaryFolder("out")
        let result = try Shell.execute(Repository.executable, ["build", "--inputs", folder, "--outputs", out, "--year", "2563"])
        let printed = result.stderr.split(separator: "\n").map { $0.replacingOccurrences(of: folder + "/", with: "") }
        #expect(result.status == 65, "\(what): \(result.stderr)")
        #expect(Array(printed.dropLast()) == expected, "\(what)")
        #expect(printed.last?.hasSuffix("; nothing written") == true)
        for message in printed.dropLast() where message.contains(": error: ") {
            #expect(message.range(of: #"^[^:]+\.csv:\d+(:\d+)?: error: "#, options: .regularExpression) != nil, "\(what): \(message) is located")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.hasPrefix(".") }.isEmpty, "\(what): nothing written")
    }

    @Test("all problems of a run come together, sorted by file and line")
    func allAtOnce() {
        let folder = MiniInputs.folder { files in
            files["results.csv"] = MiniInputs.replacing(files["results.csv"] ?? "", line: 2, with: "SEC,R6,1.1,abc,,,,2020-04-15,2020-04-10,")
            files["results.csv"] = MiniInputs.replacing(files["results.csv"] ?? "", line: 4, with: "HRM,R9,1.1,,45,50,,2020-04-15,2020-04-17,")
            files["indicators.csv"] = MiniInputs.replacing(files["indicators.csv"] ?? "", line: 3,
                                                           with: "SEC,2.1,ระดับความสำเร็จการจัดทำแผน,ระดับ,thirty,level,,,,,,,3,R6;R12,มิติภายใน,,,")
        }
        let (outcome, messages) = check(folder)
        #expect(outcome.status == .inputErrors)
        #expect(messages.filter { $0.contains(": error: ") }.map { String($0.prefix { $0 != " " }) }
                == ["indicators.csv:3:5:", "results.csv:2:4:", "results.csv:4:2:"])
    }

    @Test("files read ahead on a second thread (--jobs 2) give the findings of reading them one after another")
    func readAhead() throws {
        // Results in several files under results/: one long enough to come in several pieces, one whose
        // misspelt header refuses its rows, one cut by an unclosed quote, one that is not text, and sound
        // files between them (a refused file's rows must not carry over to the next).
        let folder = MiniInputs.folder { files in
            files["results.csv"] = nil
            var long = "division_id,round,indicator_id,result,numerator,denominator,level,due_on,reported_on,note\n"
            for i in 0..<700 { long += "SEC,R6,1.1,\(i == 450 ? "abc" : "92.5"),,,,2020-04-15,2020-04-10,row \(i)\n" }
            files["results/a-long.csv"] = long
            files["results/b-header.csv"] = "division_id,round,indicator_id,reslt,numerator,denominator,level,due_on,reported_on,note\nSEC,R6,2.1,xyz,,,,2020-04-15,2020-04-10,\n"
            files["results/c-sound.csv"] = "division_id,round,indicator_id,result,numerator,denominator,level,due_on,reported_on,note\nSEC,R6,2.1,,,,4,2020-04-15,2020-04-10,\n"
            files["results/d-quote.csv"] = "division_id,round,indicator_id,result,numerator,denominator,level,due_on,reported_on,note\nHRM,R6,1.1,,45,50,,2020-04-15,\"2020-04-17,\n"
            files["results/e-binary.csv"] = "division_id\n\u{1}\u{2}\n"
            files["results/f-sound.csv"] = "division_id,round,indicator_id,result,numerator,denominator,level,due_on,reported_on,note\nHRM,R6,1.1,,45,50,,2020-04-15,2020-04-17,\n"
        }
        let (one, inOrder) = check(folder, jobs: 1)
        let (two, ahead) = check(folder, jobs: 2)
        #expect(one.status == .inputErrors && two.status == .inputErrors)
        #expect(ahead == inOrder)
        // The long file's rows after its first repeat it (one error each, in every piece), one of them
        // not a number; the refused header's row and the sound files find nothing.
        let located = inOrder.filter { $0.contains(": error: ") }.map { String($0.prefix { $0 != " " }) }
        #expect(located.filter { $0.hasPrefix("results/a-long.csv:") }.count == 699)
        #expect(located.contains("results/a-long.csv:452:4:") && located.contains("results/a-long.csv:701:"))
        #expect(located.filter { !$0.hasPrefix("results/a-long.csv:") }
                == ["results/b-header.csv:1:4:", "results/d-quote.csv:2:9:", "results/e-binary.csv:2:1:"])
    }

    @Test("a truncated results file: the cut row is an error, and what it dropped is named")
    func truncated() {
        let folder = MiniInputs.folder { files in
            files["results.csv"] = String((files["results.csv"] ?? "").dropLast(30))
        }
        let (outcome, messages) = check(folder)
        #expect(outcome.status == .inputErrors)
        #expect(messages == ["results.csv:4:5: error: this row has 5 fields but the header has 10 (is the row cut short?)"])
        // Cut at a row's end, the file reads whole: what it dropped is named in warnings (errors with --strict).
        let atRowEnd = MiniInputs.folder { files in files["results.csv"] = MiniInputs.replacing(files["results.csv"] ?? "", line: 4, with: "") }
        let (dropped, droppedMessages) = check(atRowEnd)
        #expect(dropped.status == .ok)
        #expect(droppedMessages == ["indicators.csv:5: warning: no result from HRM for 1.1 in R6 (fiscal year 2563): its cells show ไม่มีผลการดำเนินงาน and it scores 0"])
        #expect(check(atRowEnd, strict: true).0.status == .inputErrors)
    }

    @Test("a missing result is a warning naming unit, indicator and round, for every round of the year; --strict refuses it")
    func missingResult() {
        let folder = MiniInputs.folder { files in
            files["results.csv"] = MiniInputs.replacing(files["results.csv"] ?? "", line: 3, with: "")
            files["results.csv"] = (files["results.csv"] ?? "") + "SEC,R12,1.1,95,,,,,,\nSEC,R12,2.2,,,,5,,,\n"
        }
        let (outcome, messages) = check(folder, year: 2563)
        #expect(outcome.status == .ok)
        #expect(messages == [
            "indicators.csv:3: warning: no result from SEC for 2.1 in R6 (fiscal year 2563): its cells show ไม่มีผลการดำเนินงาน and it scores 0",
            "indicators.csv:3: warning: no result from SEC for 2.1 in R12 (fiscal year 2563): its cells show ไม่มีผลการดำเนินงาน and it scores 0",
            "indicators.csv:5: warning: no result from HRM for 1.1 in R12 (fiscal year 2563): its cells show ไม่มีผลการดำเนินงาน and it scores 0",
        ])
        let (strict, strictMessages) = check(folder, year: 2563, strict: true)
        #expect(strict.status == .inputErrors)
        #expect(strictMessages.allSatisfy { $0.contains(": error: ") })
    }

    @Test("Thai headers in any order and case, Thai digits, % and thousands separators read as numbers")
    func thaiHeaders() throws {
        let folder = MiniInputs.folder { files in
            files["divisions.csv"] = "ชื่อหน่วยงาน,รหัสหน่วยงาน\nสำนักงานเลขานุการกรม,SEC\nกองบริหารทรัพยากรบุคคล,HRM\n"
            files["results.csv"] = """
            ตัวชี้วัด,รอบ,รหัสหน่วยงาน,ผลการดำเนินงาน,ตัวตั้ง,ตัวหาร,Level,DUE_ON,Reported_On
            ๑.๑,r6,SEC, ๙๒.๕๐% ,,,,๑๕ เม.ย. ๒๕๖๓,10/4/2563
            2.1,R6,SEC,,,,๔,2020-04-15,2020-04-10
            1.1,R6,HRM,"90.00",,,,2563-04-15,2563-04-17

            """
        }
        let (outcome, messages) = check(folder)
        #expect(messages.isEmpty)
        #expect(outcome.status == .ok)
        let (built, _) = build(folder, year: 2563)
        #expect(built.folders.first?.units.map { $0.totals.last?.total } == [3.7, 2.8])
    }

    @Test("an unknown column that is no misspelling is a warning, and the run goes on")
    func unknownColumn() {
        let folder = MiniInputs.folder { files in
            files["results.csv"] = (files["results.csv"] ?? "").replacingOccurrences(of: "reported_on,note\n", with: "reported_on,note,remark\n")
                .replacingOccurrences(of: "04-10,\n", with: "04-10,,\n").replacingOccurrences(of: "04-17,\n", with: "04-17,,\n")
        }
        let (outcome, messages) = check(folder)
        #expect(outcome.status == .ok)
        #expect(messages == ["results.csv:1:11: warning: unknown column \"remark\" is ignored (columns of results.csv: year, division_id, round, indicator_id, result, numerator, denominator, level, due_on, reported_on, note)"])
    }

    @Test("results split into one file per unit per round read as one table")
    func resultsFolder() throws {
        let folder = MiniInputs.folder { files in files["results.csv"] = nil }
        try FileManager.default.createDirectory(atPath: folder + "/results", withIntermediateDirectories: true)
        let lines = MiniInputs.results.split(separator: "\n").map(String.init)
        try (lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n").write(toFile: folder + "/results/SEC-R6.csv", atomically: true, encoding: .utf8)
        try (lines[0] + "\r\n" + lines[3] + "\r\n").write(toFile: folder + "/results/HRM-R6.csv", atomically: true, encoding: .utf8)
        let (outcome, _) = build(folder, year: 2563)
        #expect(outcome.findings.isEmpty)
        #expect(outcome.folders.first?.units.map { $0.totals.last?.total } == [3.7, 2.8])
    }

    @Test("missing input files are named")
    func missingFiles() {
        let folder = MiniInputs.folder { files in files["indicators.csv"] = nil; files["results.csv"] = nil }
        let (outcome, messages) = check(folder)
        #expect(outcome.status == .inputErrors)
        #expect(messages.prefix(2) == ["indicators.csv: error: missing: every inputs folder needs indicators.csv (SPEC §1)",
                                       "results.csv: error: missing: give results.csv or a results/ folder of .csv files (SPEC §1)"])
    }

    @Test("a FIFO among the results is an error naming it (no hang); a broken link is a warning")
    func specialFiles() throws {
        let folder = MiniInputs.folder { files in files["results.csv"] = nil }
        try FileManager.default.createDirectory(atPath: folder + "/results", withIntermediateDirectories: true)
        try MiniInputs.results.write(toFile: folder + "/results/all.csv", atomically: true, encoding: .utf8)
        #expect(mkfifo(folder + "/results/pipe.csv", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: folder + "/results/gone.csv", withDestinationPath: folder + "/nowhere.csv")
        let (outcome, messages) = check(folder)
        #expect(outcome.status == .inputErrors)
        #expect(messages == ["results/gone.csv: warning: a link to a file that does not exist; ignored",
                             "results/pipe.csv: error: is a FIFO (named pipe), not a regular file: only regular files are read"])
    }
}
