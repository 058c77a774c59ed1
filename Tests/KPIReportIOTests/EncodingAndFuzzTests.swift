import Foundation
import Testing
import KPIReportCore
@testable import KPIReportIO
import TestSupport

/// The same inputs in every encoding and layout Thai offices send them in give the same scores; and
/// no bytes whatever make the reader crash or hang.
@Suite struct EncodingAndFuzzTests {
    /// Writes a copy of a fixture folder with every file re-encoded.
    static func copy(_ fixture: String, transform: (String) -> Data?, splitResults: Bool = false) throws -> String {
        let source = Repository.fixture(fixture)
        let target = Repository.temporaryFolder("enc")
        for name in try FileManager.default.contentsOfDirectory(atPath: source) where name.hasSuffix(".csv") {
            let text = try String(contentsOfFile: source + "/" + name, encoding: .utf8)
            if splitResults && name == "results.csv" {
                // One file per division, as divisions export them.
                let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
                var byDivision: [String: [String]] = [:]
                for line in lines.dropFirst() { byDivision[String(line.prefix { $0 != "," }), default: []].append(line) }
                try FileManager.default.createDirectory(atPath: target + "/results", withIntermediateDirectories: true)
                for (division, rows) in byDivision {
                    let data = try #require(transform(([lines[0]] + rows).joined(separator: "\n") + "\n"))
                    _ = FileManager.default.createFile(atPath: target + "/results/\(division)-R6.csv", contents: data)
                }
            } else {
                let data: Data = try #require(transform(text))
                _ = FileManager.default.createFile(atPath: target + "/" + name, contents: data)
            }
        }
        return target
    }

    static func totals(_ folder: String) -> [String] {
        let outcome = Pipeline.run(Pipeline.Request(inputs: folder, outputs: "", checkOnly: true, today: CivilDate(daysSinceEpoch: 20_000)))
        #expect(!outcome.failed, "\(outcome.diagnostics)")
        return outcome.reports.flatMap { $0.totals.map { "\($0.division) \($0.total)" } }
    }

    @Test("seed 001 as UTF-8, UTF-8 with BOM, and Windows-874 with CRLF in per-division files: the same totals")
    func sameScores() throws {
        let utf8 = Self.totals(try Self.copy("seed001") { Data($0.utf8) })
        #expect(utf8 == ["SEC 5.0", "DEV 5.0", "HRM 4.55", "BAD 5.0", "FIN 4.8", "ICT 4.9"])
        let bom = Self.totals(try Self.copy("seed001") { Data([0xEF, 0xBB, 0xBF]) + Data($0.utf8) })
        let cp874 = Self.totals(try Self.copy("seed001", transform: { CP874Encoder.encode($0.replacingOccurrences(of: "\n", with: "\r\n")) },
                                              splitResults: true))
        #expect(bom == utf8)
        #expect(cp874 == utf8)
    }

    @Test("seed 003 in Windows-874: the annexes and projects are unchanged")
    func cp874Department() throws {
        let folder = try Self.copy("seed003") { CP874Encoder.encode($0) }
        let outcome = Pipeline.run(Pipeline.Request(inputs: folder, outputs: "", year: 2566, checkOnly: true, today: CivilDate(daysSinceEpoch: 20_000)))
        #expect(!outcome.failed, "\(outcome.diagnostics)")
        #expect(outcome.reports.first?.totals.first?.total == 4.6719)
    }

    /// Random inputs: arbitrary bytes, and CSV-ish text built from the characters that matter.
    @Test("fuzz: random bytes and random CSV never crash or hang; each file is a clean parse or one located error")
    func fuzz() throws {
        var rng = SeededRandom(seed: 874)
        let alphabet: [[UInt8]] = [[0x2C], [0x22], [0x0A], [0x0D], [0x0D, 0x0A], [0x20], Array("ab".utf8), Array("12.5".utf8),
                                   Array("๑".utf8), Array("ก".utf8), [0xA1], [0xEF, 0xBB, 0xBF], [0x00], [0xFF], [0xE0, 0xB8]]
        let folder = Repository.temporaryFolder("fuzz")
        var clean = 0, refused = 0
        for i in 0..<1500 {
            var bytes: [UInt8] = []
            if i % 3 == 0 {
                bytes = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else if i % 3 == 1 {
                for _ in 0..<Int.random(in: 0...120, using: &rng) {
                    bytes += alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
                }
            } else {
                // Well-formed CSV with quoted commas, quotes and newlines, now and then one slip.
                let plain = ["ab", "12.5", "๑", "ก", " x ", "", "-"]
                let quoted = [",", "\n", "\"\"", "ab", "ก", "\r\n", " "]
                let width = Int.random(in: 1...5, using: &rng)
                var text = ""
                for _ in 0..<Int.random(in: 1...8, using: &rng) {
                    let fields = (0..<width).map { _ -> String in
                        if Bool.random(using: &rng) { return plain[Int.random(in: 0..<plain.count, using: &rng)] }
                        return "\"" + (0..<Int.random(in: 0...4, using: &rng)).map { _ in quoted[Int.random(in: 0..<quoted.count, using: &rng)] }.joined() + "\""
                    }
                    text += fields.joined(separator: ",") + (Bool.random(using: &rng) ? "\n" : "\r\n")
                }
                bytes = Array(text.utf8)
                if Int.random(in: 0..<4, using: &rng) == 0, !bytes.isEmpty {
                    bytes.insert(0x22, at: Int.random(in: 0..<bytes.count, using: &rng))
                }
            }
            let path = folder + "/f\(i).csv"
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let (table, diagnostics) = CSVReader.read(path: path, displayName: "f\(i).csv")
            let errors = diagnostics.filter { $0.severity == .error }
            if let table {
                clean += 1
                #expect(errors.isEmpty)
                for record in table.records { #expect(record.line >= 1 && record.fields.count >= 1) }
            } else {
                refused += 1
                #expect(!errors.isEmpty, "case \(i) refused without a reason")
                for error in errors { #expect(error.location?.file == "f\(i).csv", "case \(i): \(error)") }
                // A problem inside the file names its line.
                if !errors.contains(where: { $0.message.hasPrefix("the file is empty") || $0.message.hasPrefix("the file is not valid") || $0.message.contains("more rows have") }) {
                    #expect(errors.allSatisfy { ($0.location?.line ?? 0) >= 1 }, "case \(i): \(errors)")
                }
            }
        }
        #expect(clean > 100 && refused > 100, "both outcomes exercised: \(clean) clean, \(refused) refused")
    }

    @Test("fuzz: random rows through the whole validation never crash; every problem is located")
    func fuzzSchema() throws {
        var rng = SeededRandom(seed: 2566)
        let cells = ["", "-", "SEC", "HRM", "R6", "R13", "1.1", "2.1", "abc", "92.5", "๙๒.๕", "1,000", "6", "-1", "2020-04-15",
                     "15/4/2563", "threshold", "level", "target_ratio", "lower", "R6;R12", "2.1:5;1.1:5", "\"q,\"\"x\"\"\""]
        for _ in 0..<60 {
            let folder = MiniInputs.folder { files in
                for name in ["indicators.csv", "results.csv"] {
                    var lines = (files[name] ?? "").split(separator: "\n").map(String.init)
                    for _ in 0..<Int.random(in: 1...6, using: &rng) {
                        let width = lines[0].split(separator: ",").count
                        lines.append((0..<width).map { _ in cells[Int.random(in: 0..<cells.count, using: &rng)] }.joined(separator: ","))
                    }
                    files[name] = lines.joined(separator: "\n") + "\n"
                }
            }
            let (outcome, _) = MiniInputs.check(folder, year: 2563)
            for diagnostic in outcome.diagnostics where diagnostic.severity == .error {
                #expect(diagnostic.location != nil || diagnostic.message.contains("no results"), "\(diagnostic)")
            }
        }
    }
}
