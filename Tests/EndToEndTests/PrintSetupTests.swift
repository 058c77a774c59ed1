import Foundation
import Testing
import TestSupport

/// Every sheet the tool writes is ready to print as a memo attachment, and text from the inputs stays
/// text.
@Suite(.serialized) struct PrintSetupTests {
    static let output: String = {
        let out = Repository.temporaryFolder("print")
        _ = try? Shell.execute(Repository.executable, ["build", "--inputs", Repository.sampleInputs, "--outputs", out])
        return out
    }()

    static var workbooks: [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: output)) ?? []).filter { $0.hasSuffix(".xlsx") }.sorted().map { output + "/" + $0 }
    }

    @Test("A4, fit to one page wide, header rows repeated, frozen panes, page-number footer on every sheet")
    func everySheet() throws {
        #expect(Self.workbooks.count >= 9)
        for path in Self.workbooks {
            let book = try XLSXPackage(path)
            let workbookXML = String(decoding: try XLSXPackage.part(path, "xl/workbook.xml"), as: UTF8.self)
            for (index, sheet) in book.sheets.enumerated() {
                let xml = String(decoding: try XLSXPackage.part(path, sheet.part), as: UTF8.self)
                let place = "\((path as NSString).lastPathComponent) \(sheet.name)"
                #expect(xml.contains("paperSize=\"9\""), "\(place): A4")
                #expect(xml.contains("<pageSetUpPr fitToPage=\"1\"/>") && xml.contains("fitToHeight=\"0\""), "\(place): fit to one page wide")
                #expect(xml.contains("state=\"frozen\""), "\(place): frozen panes")
                #expect(xml.contains("<oddFooter>&amp;Cหน้า &amp;P / &amp;N</oddFooter>"), "\(place): page numbers")
                #expect(workbookXML.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">"), "\(place): repeated header rows")
            }
            let styles = String(decoding: try XLSXPackage.part(path, "xl/styles.xml"), as: UTF8.self)
            #expect(styles.contains("<name val=\"TH Sarabun New\"/><family val=\"2\"/>"))
            #expect(styles.contains("<sz val=\"16\"/>"))
            let core = String(decoding: try XLSXPackage.part(path, "docProps/core.xml"), as: UTF8.self)
            let app = String(decoding: try XLSXPackage.part(path, "docProps/app.xml"), as: UTF8.self)
            #expect(core.contains("<dc:title>") && core.contains("<dc:subject>"), "\(path): title and subject")
            #expect(app.contains("<Company>กรมบังคับคดี</Company>"), "\(path): company")
        }
    }

    @Test("wide sheets print landscape; the summary prints portrait like seed 001")
    func orientation() throws {
        let path = Self.output + "/2563/R6/HRM.xlsx"
        let book = try XLSXPackage(path)
        for sheet in book.sheets {
            let xml = String(decoding: try XLSXPackage.part(path, sheet.part), as: UTF8.self)
            let landscape = xml.contains("orientation=\"landscape\"")
            #expect(landscape == (sheet.name != "สรุปผลคะแนน"), "\(sheet.name)")
        }
    }

    @Test("text from the inputs that starts with = + - @ is written as text, never as a formula")
    func formulaInjection() throws {
        let inputs = try Repository.copy(Repository.fixture("seed001"))
        var divisions = try String(contentsOfFile: inputs + "/divisions.csv", encoding: .utf8)
        divisions = divisions.replacingOccurrences(of: "HRM,กองบริหารทรัพยากรบุคคล", with: "HRM,\"=HYPERLINK(\"\"http://x\"\")\"")
        try divisions.write(toFile: inputs + "/divisions.csv", atomically: true, encoding: .utf8)
        var indicators = try String(contentsOfFile: inputs + "/indicators.csv", encoding: .utf8)
        indicators = indicators.replacingOccurrences(of: "HRM,1.1,ร้อยละความพึงพอใจของผู้รับบริการ", with: "HRM,1.1,+SUM(1;2)")
        indicators = indicators.replacingOccurrences(of: "HRM,2.1,ระดับความสำเร็จของการดำเนินการตามแผนบริหารทรัพยากรบุคคล", with: "HRM,2.1,@cmd")
        try indicators.write(toFile: inputs + "/indicators.csv", atomically: true, encoding: .utf8)
        let out = Repository.temporaryFolder("inject")
        let run = try Shell.execute(Repository.executable, ["build", "--inputs", inputs, "--outputs", out])
        #expect(run.status == 0, "\(run.stderr)")
        let book = try XLSXPackage(out + "/2563/R6/HRM.xlsx")
        let cells = try book.cells("สรุปผลคะแนน")
        let texts = ["=HYPERLINK(\"http://x\")", "+SUM(1;2)", "@cmd"]
        for text in texts {
            let found = cells.values.filter { $0.value == text }
            #expect(!found.isEmpty, "\(text) is shown")
            #expect(found.allSatisfy { $0.formula == nil && $0.type == "s" }, "\(text) is a string cell")
        }
    }
}

/// Formulas that open in Excel 2010 and LibreOffice 7.
@Suite struct FormulaFunctionTests {
    static let allowed: Set<String> = ["IF", "AND", "OR", "MAX", "INT", "ROUND", "SUM", "COUNT", "RANK", "AVERAGE", "ISNUMBER"]

    @Test("every function used is one Excel 2010 knows (no IFS, XLOOKUP, LET, dynamic arrays)")
    func functions() throws {
        var used = Set<String>()
        for path in PrintSetupTests.workbooks {
            let book = try XLSXPackage(path)
            for (sheet, _) in book.sheets {
                for cell in try book.cells(sheet).values {
                    guard let formula = cell.formula else { continue }
                    // Names followed by "(" outside quoted sheet names and strings.
                    let bare = formula.replacingOccurrences(of: #"'[^']*'|"[^"]*""#, with: "", options: .regularExpression)
                    let regex = try NSRegularExpression(pattern: #"([A-Z][A-Z0-9.]*)\("#)
                    for match in regex.matches(in: bare, range: NSRange(bare.startIndex..., in: bare)) {
                        if let range = Range(match.range(at: 1), in: bare) { used.insert(String(bare[range])) }
                    }
                }
            }
        }
        #expect(!used.isEmpty)
        #expect(used.isSubset(of: Self.allowed), "unexpected: \(used.subtracting(Self.allowed))")
    }
}
