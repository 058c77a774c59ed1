import Foundation
import Testing
import TestSupport

/// `manifest.json` as the tests read it.
struct ManifestFile: Decodable {
    struct File: Decodable { let path: String; let sha256: String; let bytes: Int; let run: Int }
    struct Run: Decodable { let id: Int; let version: String; let options: [String]; let inputs: [Input] }
    struct Input: Decodable { let path: String; let sha256: String }
    struct Unit: Decodable { let id: String; let name: String; let kind: String; let total: Double?; let totals: [String: Double]; let run: Int }
    let fiscal_year: Int
    let round: String
    let runs: [Run]
    let files: [File]
    let units: [Unit]

    static func read(_ path: String) throws -> ManifestFile {
        try JSONDecoder().decode(ManifestFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Every file of the manifest is beside it with its digest and size, and nothing else is.
    func describes(_ folder: String) throws -> Bool {
        let present = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") && $0 != "manifest.json" }.sorted()
        guard present == files.map(\.path).sorted() else { return false }
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file.path))
            guard data.count == file.bytes, sha256(data) == file.sha256 else { return false }
        }
        return true
    }
}

/// SHA-256 with the system's own tool, independent of the code under test.
func sha256(_ data: Data) -> String {
    let path = Repository.temporaryFolder("sha") + "/f"
    _ = FileManager.default.createFile(atPath: path, contents: data)
    return (try? Shell.run("/usr/bin/sha256sum", [path]).split(separator: " ").first.map(String.init)) ?? ""
}

/// The built `kpi-report` executable, run as a scheduled job or a clerk would run it.
@Suite(.serialized) struct BuildCommandTests {
    func run(_ arguments: [String], in directory: String? = nil) throws -> Shell.Output {
        try Shell.execute(Repository.executable, arguments, in: directory)
    }

    @Test("the sample gives the seeds' totals in manifest.json and as the cached value of Total_R6; every file in the manifest")
    func sampleTotals() throws {
        let out = Repository.temporaryFolder("out")
        let result = try run(["build", "--inputs", Repository.sampleInputs, "--outputs", out])
        #expect(result.status == 0, "\(result.stderr)")
        let m = try ManifestFile.read(out + "/2563/R6/manifest.json")
        #expect(m.fiscal_year == 2563 && m.round == "R6")
        let expected = ["SEC": 5.0, "DEV": 5.0, "HRM": 4.55, "BAD": 5.0, "FIN": 4.8, "ICT": 4.9]
        #expect(Dictionary(uniqueKeysWithValues: m.units.compactMap { u in u.total.map { (u.id, $0) } }) == expected)
        for (id, total) in expected {
            let book = try XLSXPackage(out + "/2563/R6/\(id).xlsx")
            let named = try #require(try book.cell(named: "Total_R6"), "\(id) has no Total_R6")
            #expect(named.cell.formula != nil, "Total_R6 of \(id) is a formula")
            #expect(named.cell.number == total, "\(id): Total_R6 caches \(named.cell.value ?? "nil")")
            #expect(book.sheets.map(\.name) == ["สรุปผลคะแนน", "รอบ ๖ เดือน", "คำรับรอง", "ภาคผนวก"])
        }
        for folder in ["2563/R6", "2564/R12", "2566/Q4"] {
            #expect(try ManifestFile.read(out + "/\(folder)/manifest.json").describes(out + "/" + folder), "\(folder)")
        }
        let sec = try ManifestFile.read(out + "/2564/R12/manifest.json").units.first
        #expect(sec?.totals == ["R6": 4.3889, "R12": 4.5842])
        #expect(result.stdout.contains("LED      93.23% 93.60%"))
        let inputs = try ManifestFile.read(out + "/2563/R6/manifest.json").runs.first?.inputs.map(\.path) ?? []
        #expect(inputs.starts(with: ["divisions.csv", "indicators.csv"]) && inputs.contains("results/2563-R6-HRM.csv") && inputs.last == "projects.csv")
    }

    @Test("--timings: each stage's time and memory, and the allocator's memory is mimalloc's (the executable links it)")
    func timingsShowTheAllocator() throws {
        let out = Repository.temporaryFolder("out")
        let result = try run(["build", "--inputs", Repository.sampleInputs, "--outputs", out, "-q", "--timings"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("timing: ") && $0.contains(" allocator ") }
        #expect(lines.contains { $0.hasPrefix("timing: read and validate: ") } && lines.contains { $0.hasPrefix("timing: publish: ") })
        for line in lines {
            // "… allocator 12.3 MB)": under the C library's malloc, mimalloc would have committed nothing.
            let megabytes = line.split(separator: " ").reversed().dropFirst().first.flatMap { Double($0) }
            #expect((megabytes ?? 0) >= 1, "\(line)")
        }
    }

    @Test("no arguments = build --inputs Inputs --outputs Outputs, from the working directory")
    func defaults() throws {
        let work = Repository.temporaryFolder("work")
        try FileManager.default.copyItem(atPath: Repository.sampleInputs, toPath: work + "/Inputs")
        let result = try run([], in: work)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: work + "/Outputs/2563/R6/HRM.xlsx"))
        #expect(result.stdout.contains("HRM      4.5500"))
    }

    @Test("the same inputs give byte-identical files")
    func deterministic() throws {
        let a = Repository.temporaryFolder("a"), b = Repository.temporaryFolder("b")
        #expect(try run(["build", "--inputs", Repository.sampleInputs, "--outputs", a, "--jobs", "1"]).status == 0)
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try run(["build", "--inputs", Repository.sampleInputs, "--outputs", b, "--jobs", "4"]).status == 0)
        let files = try FileManager.default.subpathsOfDirectory(atPath: a).filter { $0.hasSuffix(".xlsx") || $0.hasSuffix(".json") }.sorted()
        #expect(files.count == 14)
        for file in files {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + file))
            let y = try Data(contentsOf: URL(fileURLWithPath: b + "/" + file))
            #expect(x == y, "\(file) differs between two runs")
        }
    }

    @Test("libxlsxwriter's temporary files go to a folder of each worker's own under TMPDIR, gone after the run, with the same bytes as elsewhere; a TMPDIR that is missing stops the run with its path and publishes nothing")
    func scratchFolders() throws {
        let scratch = Repository.temporaryFolder("scratch")
        let a = Repository.temporaryFolder("a"), b = Repository.temporaryFolder("b"), c = Repository.temporaryFolder("c")
        let chosen = try Shell.execute(Repository.executable, ["build", "--inputs", Repository.sampleInputs, "--outputs", a, "--jobs", "2", "-q", "--timings"],
                                       environment: ["TMPDIR": scratch])
        #expect(chosen.status == 0, "\(chosen.stderr)")
        #expect(chosen.stderr.contains("scratch in \(scratch))"), "\(chosen.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch) == [], "the workers' folders are removed")
        // Unset, the folders go to /dev/shm (or /tmp): the files are the same.
        let unset = try Shell.execute(Repository.executable, ["build", "--inputs", Repository.sampleInputs, "--outputs", b, "--jobs", "2"],
                                      environment: ["TMPDIR": ""])
        #expect(unset.status == 0, "\(unset.stderr)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: a).filter { $0.hasSuffix(".xlsx") || $0.hasSuffix(".json") }.sorted()
        #expect(files.count == 14)
        for file in files {
            #expect(try Data(contentsOf: URL(fileURLWithPath: a + "/" + file)) == Data(contentsOf: URL(fileURLWithPath: b + "/" + file)), "\(file)")
        }
        let missing = scratch + "/missing"
        let failed = try Shell.execute(Repository.executable, ["build", "--inputs", Repository.sampleInputs, "--outputs", c], environment: ["TMPDIR": missing])
        #expect(failed.status != 0)
        #expect(failed.stderr.contains(missing + "/kpi-report-XXXXXX"), "\(failed.stderr)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: c).filter { $0.hasSuffix(".xlsx") || $0.hasSuffix(".json") } == [])
    }

    @Test("--division replaces only that unit's workbook; the manifest still lists every file of the folder")
    func divisionRun() throws {
        let out = Repository.temporaryFolder("out")
        #expect(try run(["build", "--inputs", Repository.sampleInputs, "--outputs", out]).status == 0)
        let before = try ManifestFile.read(out + "/2563/R6/manifest.json")
        let hrm = try Data(contentsOf: URL(fileURLWithPath: out + "/2563/R6/HRM.xlsx"))
        let result = try run(["build", "--inputs", Repository.sampleInputs, "--outputs", out, "--division", "SEC", "--year", "2563", "--thai-digits"])
        #expect(result.status == 0, "\(result.stderr)")
        let after = try ManifestFile.read(out + "/2563/R6/manifest.json")
        #expect(try after.describes(out + "/2563/R6"))
        #expect(after.files.map(\.path) == before.files.map(\.path))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/2563/R6/HRM.xlsx")) == hrm, "HRM untouched")
        #expect(after.files.first { $0.path == "SEC.xlsx" }?.sha256 != before.files.first { $0.path == "SEC.xlsx" }?.sha256)
        #expect(after.runs.map(\.id) == [1, 2])
        #expect(after.runs.last?.options == ["--year 2563", "--division SEC", "--thai-digits"])
        #expect(after.files.first { $0.path == "SEC.xlsx" }?.run == 2 && after.files.first { $0.path == "HRM.xlsx" }?.run == 1)
        #expect(after.units.map(\.id) == before.units.map(\.id))
        // Other years' folders are not touched.
        #expect(try ManifestFile.read(out + "/2566/Q4/manifest.json").describes(out + "/2566/Q4"))
        #expect(try ManifestFile.read(out + "/2566/Q4/manifest.json").files.map(\.path) == ["LED.xlsx", "department.xlsx"])
    }

    @Test("inputs with errors: every error located, exit status 65, nothing written, last month's set untouched")
    func errorsWriteNothing() throws {
        let out = Repository.temporaryFolder("out")
        #expect(try run(["build", "--inputs", Repository.fixture("seed001"), "--outputs", out]).status == 0)
        let before = try FileManager.default.subpathsOfDirectory(atPath: out).sorted()
        let inputs = try Repository.copy(Repository.fixture("seed001"))
        var results = try String(contentsOfFile: inputs + "/results.csv", encoding: .utf8)
        results = results.replacingOccurrences(of: "HRM,R6,2.1,,,,4,", with: "HRM,R6,2.1,,,,7,")
        results += "XYZ,R6,1.1,95,,,,2020-04-15,2020-04-10,\nSEC,R7,1.1,95,,,,,,\n"
        try results.write(toFile: inputs + "/results.csv", atomically: true, encoding: .utf8)
        let result = try run(["build", "--inputs", inputs, "--outputs", out])
        #expect(result.status == 65)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let errors = lines.filter { $0.contains(": error: ") }
        #expect(errors.count == 3, "\(lines)")
        for error in errors { #expect(error.range(of: #"^.*results\.csv:\d+:\d+: error: "#, options: .regularExpression) != nil, "\(error)") }
        #expect(errors.contains { $0.contains("level 7 is outside 0–5") })
        #expect(errors.contains { $0.contains("unknown round \"R7\"") })
        #expect(errors.contains { $0.contains("unknown unit \"XYZ\"") })
        #expect(lines.last?.contains("nothing written") == true)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: out).sorted() == before)
    }

    @Test("check validates and writes nothing")
    func check() throws {
        let work = Repository.temporaryFolder("check")
        let result = try run(["check", "--inputs", Repository.fixture("seed003"), "--year", "2566"], in: work)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("inputs are valid"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty)
    }

    @Test("--strict turns the warnings of missing results into errors: exit 65")
    func strict() throws {
        let out = Repository.temporaryFolder("out")
        let result = try run(["build", "--inputs", Repository.sampleInputs, "--outputs", out, "--strict"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("indicators.csv:142: error: no result from LED for 2.3 in Q2"))
    }

    @Test("bad usage is refused before any work (exit 64)")
    func usage() throws {
        #expect(try run(["build", "--round", "R7"]).status == 64)
        #expect(try run(["build", "--year", "2023"]).status == 64)
        #expect(try run(["build", "--encoding", "latin1"]).status == 64)
        #expect(try run(["build", "--shard", "3/3"]).status == 64)
        #expect(try run(["build", "--jobs", "0"]).status == 64)
        #expect(try run(["--version"]).stdout.hasPrefix("0."))
    }
}
