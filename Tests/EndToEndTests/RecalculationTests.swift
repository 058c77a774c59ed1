import Foundation
import Testing
import TestSupport

/// The promise of every workbook: each computed number is a live formula whose cached value is its own
/// result. LibreOffice recalculates every formula of the built workbooks and must find the values the
/// tool cached; LibreOffice and Gnumeric, each recalculating, must show the headline cells with the same
/// digits.
@Suite(.serialized) struct RecalculationTests {
    /// Builds `inputs` with the executable into a new folder and returns every workbook written.
    func workbooks(_ inputs: String, _ extra: [String] = []) throws -> [String] {
        let out = Repository.temporaryFolder("recalc-out")
        let run = try Shell.execute(Repository.executable, ["build", "--inputs", inputs, "--outputs", out, "-q"] + extra)
        #expect(run.status == 0, "\(run.stderr)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: out).filter { $0.hasSuffix(".xlsx") }.sorted()
        return files.map { out + "/" + $0 }
    }

    /// Generated units to recalculate: 60, or `KPI_RECALC_UNITS` (500 for the figures in the notes).
    static var generatedUnits: Int { Int(ProcessInfo.processInfo.environment["KPI_RECALC_UNITS"] ?? "") ?? 60 }

    @Test("every cached value is LibreOffice's recalculation to 1e-12, on the sample and on 60 generated units",
          arguments: ["sample", "generated"])
    func libreOfficeAgrees(kind: String) throws {
        try #require(LibreOfficeRecalc.soffice != nil, "LibreOffice is not installed (make test installs it)")
        var inputs = Repository.sampleInputs
        if kind == "generated" {
            inputs = Repository.temporaryFolder("recalc-gen") + "/in"
            _ = try Shell.run("/usr/bin/python3", [Repository.root.path + "/scripts/gen-units.py", inputs, "--units", "\(Self.generatedUnits)"])
        }
        let files = try workbooks(inputs)
        #expect(files.count >= (kind == "sample" ? 11 : Self.generatedUnits + 1))
        var formulas = 0, differing = 0
        for (file, count, differences) in try LibreOfficeRecalc.check(files, tolerance: 1e-12) {
            formulas += count
            differing += differences.count
            #expect(differences.isEmpty, "\(file): \(differences.prefix(5))")
        }
        #expect(formulas > (kind == "sample" ? 2_000 : 300 * Self.generatedUnits))
        print("RecalculationTests.libreOfficeAgrees(\(kind)): \(files.count) workbooks, \(formulas) formulas, \(differing) differ from LibreOffice's recalculation by more than 1e-12")
    }

    @Test("Total_*, Annex*_C and Projects_Success show the same digits in LibreOffice and in Gnumeric, both recalculating")
    func gnumericAgrees() throws {
        try #require(LibreOfficeRecalc.soffice != nil, "LibreOffice is not installed (make test installs it)")
        let ssconvert = "/usr/bin/ssconvert"
        try #require(FileManager.default.isExecutableFile(atPath: ssconvert), "Gnumeric is not installed (make test installs it)")
        let files = try workbooks(Repository.sampleInputs)
        let profile = Repository.temporaryFolder("lo-shown")
        try FileManager.default.createDirectory(atPath: profile + "/user", withIntermediateDirectories: true)
        // LibreOffice recalculates on load (OOXMLRecalcMode 0 = always).
        try """
        <?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item></oor:items>
        """.write(toFile: profile + "/user/registrymodifications.xcu", atomically: true, encoding: .utf8)
        var compared = 0
        var seen = Set<String>()
        for (i, file) in files.enumerated() {
            let book = try XLSXPackage(file)
            let headline = book.names.filter { name in
                name.name.hasPrefix("Total_") || name.name == "Projects_Success"
                    || (name.name.hasPrefix("Annex") && name.name.hasSuffix("_C"))
            }
            guard !headline.isEmpty else { continue }
            let folder = Repository.temporaryFolder("shown-\(i)")
            // Each sheet as the text each program shows.
            _ = try Shell.execute(ssconvert, ["--recalc", "-S", "--export-type=Gnumeric_stf:stf_assistant", "-O", "format=preserve separator=,",
                                              file, folder + "/gnumeric_%n.csv"])
            _ = try Shell.execute(LibreOfficeRecalc.soffice!, ["-env:UserInstallation=file://" + profile, "--headless", "--convert-to",
                                                               "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
                                                               "--outdir", folder, file])
            let base = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            for name in headline {
                let (sheet, row, column) = try #require(Self.cell(name.reference), "\(name.reference)")
                let index = try #require(book.sheets.firstIndex { $0.name == sheet })
                let gnumeric = try Self.csv(folder + "/gnumeric_\(index).csv")
                let libreOffice = try Self.csv(folder + "/\(base)-\(sheet).csv")
                let g = Self.at(gnumeric, row, column), l = Self.at(libreOffice, row, column)
                #expect(g == l && !g.isEmpty, "\(file) \(name.name) \(name.reference): Gnumeric \(g), LibreOffice \(l)")
                #expect(g.contains { $0.isNumber }, "\(name.name) shows \(g)")
                compared += 1
                seen.insert(String(name.name.prefix { $0 != "_" }))
            }
        }
        #expect(compared >= 12)
        #expect(seen == ["Total", "Annex", "Annex1", "Annex2", "Projects"], "\(seen)")
    }

    /// `'Sheet'!$C$12` → ("Sheet", 11, 2).
    static func cell(_ reference: String) -> (String, Int, Int)? {
        guard let bang = reference.lastIndex(of: "!") else { return nil }
        var sheet = String(reference[..<bang])
        if sheet.hasPrefix("'") { sheet = String(sheet.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'") }
        let a1 = reference[reference.index(after: bang)...].filter { $0 != "$" }
        let letters = a1.prefix { $0.isLetter }, digits = a1.dropFirst(letters.count)
        guard let row = Int(digits) else { return nil }
        let column = letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
        return (sheet, row - 1, column)
    }

    static func at(_ table: [[String]], _ row: Int, _ column: Int) -> String {
        row < table.count && column < table[row].count ? table[row][column] : ""
    }

    /// A CSV file's records (quoted fields may hold commas, quotes and line breaks).
    static func csv(_ path: String) throws -> [[String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false, afterQuote = false
        for c in text {
            if quoted {
                if c == "\"" { quoted = false; afterQuote = true } else { field.append(c) }
                continue
            }
            switch c {
            case "\"": if afterQuote { field.append("\"") }; quoted = true
            case ",": record.append(field); field = ""
            case "\n", "\r\n": record.append(field); records.append(record); record = []; field = ""
            default: field.append(c)
            }
            afterQuote = false
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
