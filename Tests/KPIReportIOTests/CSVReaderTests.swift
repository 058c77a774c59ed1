import Foundation
import Testing
import KPIReportCore
@testable import KPIReportIO
import TestSupport

/// Writes bytes to a temporary file and reads them back as a CSV table.
func readCSV(_ bytes: [UInt8], name: String = "t.csv", encoding: TextEncoding? = nil) -> (CSVTable?, [String]) {
    let folder = Repository.temporaryFolder("csv")
    let path = folder + "/" + name
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    let (table, diagnostics) = CSVReader.read(path: path, displayName: name, encoding: encoding)
    return (table, diagnostics.map(\.description))
}

func readCSV(_ text: String, name: String = "t.csv") -> (CSVTable?, [String]) { readCSV(Array(text.utf8), name: name) }

/// The libcsv adapter: RFC 4180 as offices write it, lines counted right, every malformed file refused
/// with its place.
@Suite struct CSVReaderTests {
    @Test("quoted commas and newlines, CRLF, blank lines; each record keeps the line it starts on")
    func records() throws {
        let (table, problems) = readCSV("a,b,c\r\n1,\"x, y\r\nz\",3\r\n\r\n4,\"say \"\"hi\"\"\",6\r\n,,\r\n7,8,9")
        #expect(problems.isEmpty)
        let t = try #require(table)
        #expect(t.header == ["a", "b", "c"])
        #expect(t.records.map(\.line) == [2, 5, 7])
        #expect(t.records[0].fields == ["1", "x, y\r\nz", "3"])
        #expect(t.records[1].fields == ["4", "say \"hi\"", "6"])
        #expect(t.records[2].fields == ["7", "8", "9"])
    }

    @Test("a UTF-8 byte-order mark is dropped (it would break strict mode at byte 3)")
    func bom() throws {
        let (table, problems) = readCSV([0xEF, 0xBB, 0xBF] + Array("division_id,name\nSEC,สำนักงานเลขานุการกรม\n".utf8))
        #expect(problems.isEmpty)
        #expect(table?.header == ["division_id", "name"])
        #expect(table?.records.first?.fields == ["SEC", "สำนักงานเลขานุการกรม"])
    }

    @Test("Windows-874 is detected and decoded; forced with --encoding it reads the same")
    func cp874() throws {
        let text = "division_id,name\r\nSEC,สำนักงานเลขานุการกรม\r\nHRM,\"กองบริหารทรัพยากรบุคคล, กบท.\"\r\n"
        let bytes = [UInt8](try #require(CP874Encoder.encode(text)))
        for encoding in [nil, TextEncoding.cp874] {
            let (table, problems) = readCSV(bytes, encoding: encoding)
            #expect(problems.isEmpty)
            #expect(table?.records.map(\.fields) == [["SEC", "สำนักงานเลขานุการกรม"], ["HRM", "กองบริหารทรัพยากรบุคคล, กบท."]])
            #expect(table?.records.map(\.line) == [2, 3])
        }
        let (_, forcedWrong) = readCSV(bytes, encoding: .utf8)
        #expect(forcedWrong == ["t.csv:2: error: the file is not valid UTF-8 (it looks like Windows-874/TIS-620; leave out --encoding or give --encoding cp874)"])
    }

    /// Each malformed file and the exact message it gets.
    @Test("malformed CSV is refused at its line and column", arguments: [
        ("a,b\n1,\"abc\n2,3\n", "t.csv:2:2: error: a quoted field opened here is never closed (a \" is missing)"),
        ("a,b\n1,ab\"c\n", "t.csv:2:2: error: a quote (\") inside an unquoted field: put the whole field in quotes and double the quote"),
        ("a,b\n1,\"ab\"c\n", "t.csv:2:2: error: a quote inside a quoted field must be doubled (\"\"), or the field must end after its closing quote"),
        ("a,b\r\n1,2\r\n3,\"x\r\ny\"z,4\r\n", "t.csv:4:2: error: a quote inside a quoted field must be doubled (\"\"), or the field must end after its closing quote"),
        ("a,b\n1,2,3\n", "t.csv:2:3: error: this row has 3 fields but the header has 2 (is there a comma inside a value? put that value in double quotes)"),
        ("", "t.csv:1: error: the file is empty (a header row is required)"),
        ("\n\n", "t.csv:1: error: the file is empty (a header row is required)"),
        ("a;b;c\n1;2;3\n", "t.csv:1: error: the header has a single column holding \";\": the file seems to be separated by semicolons; save it as CSV with commas"),
    ])
    func malformed(text: String, message: String) {
        let (table, problems) = readCSV(text)
        #expect(table == nil)
        #expect(problems == [message])
    }

    @Test("binary files are refused: NUL bytes, an .xlsx renamed .csv, bytes that are neither UTF-8 nor Windows-874")
    func binary() throws {
        #expect(readCSV([0x61, 0x2C, 0x62, 0x0A, 0x31, 0x00, 0x32]).1 == ["t.csv:2: error: this is not a CSV text file (byte 0x0 is not a character); save it from Excel as CSV"])
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]
        #expect(readCSV(zip).1.first?.hasPrefix("t.csv:1: error: this is not a CSV text file") == true)
        #expect(readCSV(Array("a,b\n1,".utf8) + [0xFF, 0xFE]).1.first?.hasPrefix("t.csv:2: error: this is not a CSV text file") == true)
    }

    @Test("fewer fields than the header are read as empty; a file without a final newline ends its last record")
    func short() throws {
        let (table, problems) = readCSV("a,b,c\n1,2\n3,4,5")
        #expect(problems.isEmpty)
        #expect(table?.records.map(\.fields) == [["1", "2"], ["3", "4", "5"]])
    }
}
