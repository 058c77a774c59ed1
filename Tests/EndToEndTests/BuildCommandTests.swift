import Foundation
import Testing
import TestSupport

/// The built `kpi-report` executable, run as a scheduled job or a clerk would run it.
@Suite(.serialized) struct BuildCommandTests {
    struct ManifestDivision: Decodable { let id: String; let name: String; let total: Double; let totals: [String: Double] }
    struct ManifestFile: Decodable { let path: String; let sha256: String; let bytes: Int }
    struct Manifest: Decodable { let fiscal_year: Int; let round: String; let files: [ManifestFile]; let divisions: [ManifestDivision] }

    func run(_ arguments: [String], in directory: String? = nil) throws -> Shell.Output {
        try Shell.execute(Repository.executable, arguments, in: directory)
    }

    func manifest(_ path: String) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test("the sample gives seed 001's totals in manifest.json and as the cached value of Total_R6")
    func sampleTotals() throws {
        let out = Repository.temporaryFolder("out")
        let result = try run(["build", "--inputs", Repository.sampleInputs, "--outputs", out])
        #expect(result.status == 0, "\(result.stderr)")
        let m = try manifest(out + "/2563/R6/manifest.json")
        #expect(m.fiscal_year == 2563 && m.round == "R6")
        let expected = ["SEC": 5.0, "DEV": 5.0, "HRM": 4.55, "BAD": 5.0, "FIN": 4.8, "ICT": 4.9]
        #expect(Dictionary(uniqueKeysWithValues: m.divisions.map { ($0.id, $0.total) }) == expected)
        for (id, total) in expected {
            let book = try XLSXPackage(out + "/2563/R6/\(id).xlsx")
            let named = try #require(try book.cell(named: "Total_R6"), "\(id) has no Total_R6")
            #expect(named.cell.formula != nil, "Total_R6 of \(id) is a formula")
            #expect(named.cell.number == total, "\(id): Total_R6 caches \(named.cell.value ?? "nil")")
            #expect(book.sheets.map(\.name).starts(with: ["สรุปผลคะแนน", "รอบ ๖ เดือน", "คำรับรอง", "ภาคผนวก"]))
        }
        // Every file in the manifest exists with its digest and size.
        for file in m.files {
            let data = try Data(contentsOf: URL(fileURLWithPath: out + "/2563/R6/" + file.path))
            #expect(data.count == file.bytes)
        }
        #expect(FileManager.default.fileExists(atPath: out + "/2564/R12/SEC.xlsx"))
        #expect(FileManager.default.fileExists(atPath: out + "/2566/Q4/department.xlsx"))
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
        #expect(try run(["build", "--inputs", Repository.sampleInputs, "--outputs", a]).status == 0)
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try run(["build", "--inputs", Repository.sampleInputs, "--outputs", b]).status == 0)
        let files = try FileManager.default.subpathsOfDirectory(atPath: a).filter { $0.hasSuffix(".xlsx") || $0.hasSuffix(".json") }.sorted()
        #expect(files.count > 10)
        for file in files {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + file))
            let y = try Data(contentsOf: URL(fileURLWithPath: b + "/" + file))
            #expect(x == y, "\(file) differs between two runs")
        }
    }

    @Test("inputs with errors: every error located, exit status 65, nothing written")
    func errorsWriteNothing() throws {
        let inputs = try Repository.copy(Repository.fixture("seed001"))
        var results = try String(contentsOfFile: inputs + "/results.csv", encoding: .utf8)
        results = results.replacingOccurrences(of: "HRM,R6,2.1,,,,4,", with: "HRM,R6,2.1,,,,7,")
        results += "XYZ,R6,1.1,95,,,,2020-04-15,2020-04-10,\nSEC,R7,1.1,95,,,,,,\n"
        try results.write(toFile: inputs + "/results.csv", atomically: true, encoding: .utf8)
        let out = Repository.temporaryFolder("out")
        let result = try run(["build", "--inputs", inputs, "--outputs", out])
        #expect(result.status == 65)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let errors = lines.filter { $0.contains(": error: ") }
        #expect(errors.count == 3, "\(lines)")
        for error in errors { #expect(error.range(of: #"^.*results\.csv:\d+:\d+: error: "#, options: .regularExpression) != nil, "\(error)") }
        #expect(errors.contains { $0.contains("level 7 is outside 0–5") })
        #expect(errors.contains { $0.contains("unknown round \"R7\"") })
        #expect(errors.contains { $0.contains("unknown division \"XYZ\"") })
        #expect(lines.last?.contains("nothing written") == true)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: out))?.isEmpty ?? true, "nothing written")
    }

    @Test("check validates and writes nothing")
    func check() throws {
        let work = Repository.temporaryFolder("check")
        let result = try run(["check", "--inputs", Repository.fixture("seed003")], in: work)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("inputs are valid"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty)
    }

    @Test("bad usage is refused before any work (exit 64)")
    func usage() throws {
        #expect(try run(["build", "--round", "R7"]).status == 64)
        #expect(try run(["build", "--year", "2023"]).status == 64)
        #expect(try run(["build", "--encoding", "latin1"]).status == 64)
    }
}

/// The corpus of broken inputs through the executable: every one refused with a file:line location,
/// exit status 65, and no workbook written.
@Suite struct BrokenCorpusTests {
    @Test("each broken input is refused at a .csv line and writes nothing", arguments: BrokenInputs.cases.map(\.0))
    func refused(what: String) throws {
        let (_, file, line, replacement, _) = try #require(BrokenInputs.cases.first { $0.0 == what })
        let folder = MiniInputs.folder { files in files[file] = MiniInputs.replacing(files[file] ?? "", line: line, with: replacement) }
        let out = Repository.temporaryFolder("broken")
        let run = try Shell.execute(Repository.executable, ["build", "--inputs", folder, "--outputs", out, "--year", "2563"])
        #expect(run.status == 65, "\(what): \(run.stderr)")
        let errors = run.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.range(of: #"\.csv:\d+(:\d+)?: error: "#, options: .regularExpression) != nil }, "\(what): \(errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty, "\(what): nothing written")
    }
}
