import Foundation
import Testing
import KPIReportCore
@testable import KPIReportIO
import TestSupport

/// What reading a file gave: header, records, problems (as printed), and the file for reading spans again.
struct ReadCSV {
    var header: [String]?
    var records: [InputRecord] = []
    var problems: [String] = []
    let file: CSVFile

    /// Writes bytes to a temporary file and reads it.
    init(_ bytes: [UInt8], name: String = "t.csv", encoding: TextEncoding? = nil) {
        let folder = Repository.temporaryFolder("csv")
        let path = folder + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        file = CSVFile(file: InputFile(index: 0, kind: .results, name: name), path: path)
        var header: [String]?
        var records: [InputRecord] = []
        let findings = file.read(forcedEncoding: encoding, header: { fields, _ in header = fields; return true },
                                 record: { records.append($0) })
        self.header = header
        self.records = records
        problems = findings.map(\.description)
    }

    init(_ text: String, name: String = "t.csv") { self.init(Array(text.utf8), name: name) }
}

/// The libcsv adapter: RFC 4180 as offices write it, lines counted right, each record's bytes
/// located so it can be read again, every malformed file refused with its place.
@Suite struct CSVFileTests {
    @Test("quoted commas and newlines, CRLF, blank rows; each record keeps the line it starts on")
    func records() throws {
        let read = ReadCSV("a,b,c\r\n1,\"x, y\r\nz\",3\r\n\r\n4,\"say \"\"hi\"\"\",6\r\n,,\r\n7,8,9")
        #expect(read.problems.isEmpty)
        #expect(read.header == ["a", "b", "c"])
        #expect(read.records.map(\.line) == [2, 5, 7])
        #expect(read.records.map(\.fields) == [["1", "x, y\r\nz", "3"], ["4", "say \"hi\"", "6"], ["7", "8", "9"]])
    }

    @Test("spans of consecutive records join up, and a span reads back as the same records", arguments: ["\n", "\r\n", "\r"])
    func spans(newline: String) throws {
        let text = ["h1,h2", "1,\"a\(newline)b\"", "", "2,x", ",", "3,\"y,z\""].joined(separator: newline) + newline
        let read = ReadCSV(text)
        #expect(read.problems.isEmpty)
        #expect(read.records.map(\.fields) == [["1", "a\(newline)b"], ["2", "x"], ["3", "y,z"]])
        for (a, b) in zip(read.records, read.records.dropFirst()) {
            #expect(a.span.offset + a.span.length == b.span.offset, "records follow each other without a gap")
        }
        for record in read.records {
            let again = try read.file.records(in: record.span)
            #expect(again.map(\.fields) == [record.fields])
        }
        let first = try #require(read.records.first), last = try #require(read.records.last)
        let whole = RecordSpan(file: 0, line: first.line, offset: first.span.offset, length: last.span.offset + last.span.length - first.span.offset)
        #expect(try read.file.records(in: whole).map(\.fields) == read.records.map(\.fields))
    }

    @Test("a file opened ahead of its reading reads the same records and digest from what was opened; one that could not be opened ahead is reported by read")
    func openedAhead() throws {
        let text = "h1,h2\n1,\"a\nb\"\n2,x\n"
        let plain = ReadCSV(text)
        let folder = Repository.temporaryFolder("csv-ahead")
        let path = folder + "/t.csv"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        let file = CSVFile(file: InputFile(index: 0, kind: .results, name: "t.csv"), path: path)
        file.prefetch()
        file.prefetch() // asked twice: the first descriptor is kept
        // Gone from its folder: only the descriptor opened ahead can still read it.
        try FileManager.default.removeItem(atPath: path)
        var records: [InputRecord] = []
        let findings = file.read(forcedEncoding: nil, header: { _, _ in true }, record: { records.append($0) })
        #expect(findings.isEmpty)
        #expect(records.map(\.fields) == plain.records.map(\.fields))
        #expect(records.map(\.span) == plain.records.map(\.span))
        #expect(file.sha256 == plain.file.sha256)

        let missing = CSVFile(file: InputFile(index: 1, kind: .results, name: "none.csv"), path: folder + "/none.csv")
        missing.prefetch()
        let problems = missing.read(forcedEncoding: nil, header: { _, _ in true }, record: { _ in })
        #expect(problems.count == 1)
        #expect(problems.first?.description.hasPrefix("none.csv: error: cannot open the file") == true, "\(problems)")
    }

    @Test("a UTF-8 byte-order mark is dropped (it would break strict mode at byte 3)")
    func bom() throws {
        let read = ReadCSV([0xEF, 0xBB, 0xBF] + Array("division_id,name\nSEC,สำนักงานเลขานุการกรม\n".utf8))
        #expect(read.problems.isEmpty)
        #expect(read.header == ["division_id", "name"])
        #expect(read.records.first?.fields == ["SEC", "สำนักงานเลขานุการกรม"])
    }

    @Test("Windows-874 is detected and decoded, and read back from a span the same way")
    func cp874() throws {
        let text = "division_id,name\r\nSEC,สำนักงานเลขานุการกรม\r\nHRM,\"กองบริหารทรัพยากรบุคคล, กบท.\"\r\n"
        let bytes = [UInt8](try #require(CP874Encoder.encode(text)))
        for encoding in [nil, TextEncoding.cp874] {
            let read = ReadCSV(bytes, encoding: encoding)
            #expect(read.problems.isEmpty)
            #expect(read.records.map(\.fields) == [["SEC", "สำนักงานเลขานุการกรม"], ["HRM", "กองบริหารทรัพยากรบุคคล, กบท."]])
            #expect(read.records.map(\.line) == [2, 3])
            #expect(try read.file.records(in: read.records[1].span).first?.fields == ["HRM", "กองบริหารทรัพยากรบุคคล, กบท."])
        }
        #expect(ReadCSV(bytes, encoding: .utf8).problems == ["t.csv:2:2: error: byte 0xCA is not UTF-8"])
    }

    @Test("a byte that is not UTF-8 in a UTF-8 file is refused at its own line and column, not guessed as Windows-874")
    func brokenUTF8() throws {
        var bytes = Array("a,b,c\nSEC,สำนักงาน,1\nHRM,กอง,2\n".utf8)
        // Line 3, column 2: one Windows-874 letter pasted into a UTF-8 file.
        let line3 = bytes.indices.filter { bytes[$0] == 0x0A }[1] + 1
        bytes.insert(0xA1, at: line3 + 4)
        #expect(ReadCSV(bytes).problems == ["t.csv:3:2: error: byte 0xA1 is not UTF-8; the file is UTF-8 elsewhere — was this line pasted from a Windows-874 (TIS-620) file? Retype it or save the whole file as CSV UTF-8"])
        // A whole Windows-874 line inside a UTF-8 file (line 4 of 9).
        var lines = (1...9).map { "R\($0),สำนักงาน,\($0)" }
        lines[3] = "R4,X,4"
        var mixed: [UInt8] = []
        for (i, line) in lines.enumerated() {
            mixed += i == 3 ? [UInt8](try #require(CP874Encoder.encode("R4,กอง,4"))) : Array(line.utf8)
            mixed.append(0x0A)
        }
        #expect(ReadCSV(Array("h1,h2,h3\n".utf8) + mixed).problems.first?.hasPrefix("t.csv:5:2: error: byte 0xA1 is not UTF-8") == true)
    }

    /// Each malformed file and the exact message it gets.
    @Test("malformed CSV is refused at its line and column", arguments: [
        ("a,b\n1,\"abc\n2,3\n", "t.csv:2:2: error: a quoted field opened here is never closed (a \" is missing)"),
        ("a,b\n1,ab\"c\n", "t.csv:2:2: error: a quote (\") inside an unquoted field: put the whole field in quotes and double the quote"),
        ("a,b\n1,\"ab\"c\n", "t.csv:2:2: error: a quote inside a quoted field must be doubled (\"\"), or the field must end after its closing quote"),
        ("a,b\r\n1,2\r\n3,\"x\r\ny\"z,4\r\n", "t.csv:4:2: error: a quote inside a quoted field must be doubled (\"\"), or the field must end after its closing quote"),
        ("", "t.csv:1: error: the file is empty (a header row is required)"),
        ("\n\n", "t.csv:1: error: the file is empty (a header row is required)"),
    ])
    func malformed(text: String, message: String) {
        #expect(ReadCSV(text).problems == [message])
    }

    /// The sniffer takes Thai letters and plain ASCII whole; one byte at a time it goes through every
    /// rule. The two must agree on every file: verdicts (with their places) and counts, on random mixes of
    /// Thai in UTF-8, Windows-874 bytes, broken and cut-off sequences, quotes, commas and line breaks.
    @Test("the encoding sniffer's whole-letter path says what its byte-by-byte rules say (5,000 random files)")
    func snifferFastPathIsItsRules() {
        var random = SeededRandom(seed: 874)
        let pieces: [[UInt8]] = [Array("ก".utf8), Array("ข้อ".utf8), Array("๑".utf8), Array("abc".utf8), [0x2C], [0x22], [0x0A],
                                 [0x0D, 0x0A], [0xE0, 0xB8], [0xE0], [0xE0, 0xB9, 0xC0], [0xA1, 0xB2], [0x81], [0xFF], [0xC3, 0xA9],
                                 [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98, 0x80], [0x09], [0x01], Array(" ".utf8)]
        var differences: [String] = []
        for file in 0..<5_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<60, using: &random) {
                bytes += pieces[Int.random(in: 0..<pieces.count, using: &random)]
            }
            var whole = EncodingSniffer(), single = EncodingSniffer()
            bytes.withUnsafeBytes { all in
                whole.feed(all)
                for i in 0..<all.count { single.feed(UnsafeRawBufferPointer(rebasing: all[i..<(i + 1)])) }
            }
            for forced in [nil, TextEncoding.utf8, .cp874] where whole.verdict(forced: forced) != single.verdict(forced: forced) {
                differences.append("file \(file), \(String(describing: forced)): \(bytes)")
            }
            if whole.thaiUTF8 != single.thaiUTF8 || whole.invalidUTF8 != single.invalidUTF8 { differences.append("file \(file) counts") }
        }
        #expect(differences.isEmpty, "\(differences.prefix(3))")
    }

    @Test("binary files are refused at the first control byte")
    func binary() throws {
        #expect(ReadCSV([0x61, 0x2C, 0x62, 0x0A, 0x31, 0x00, 0x32]).problems
                == ["t.csv:2:1: error: this is not a CSV text file (byte 0x00 is a control character); save it from Excel as CSV"])
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]
        #expect(ReadCSV(zip).problems.first?.hasPrefix("t.csv:1:1: error: this is not a CSV text file") == true)
        #expect(ReadCSV(Array("a,b\n1,".utf8) + [0xFF, 0xFE]).problems == ["t.csv:2:2: error: byte 0xFF is neither UTF-8 nor Windows-874: save the file from Excel as CSV UTF-8"])
    }

    @Test("fuzz: random bytes and random CSV never crash or hang; each file is records or located problems")
    func fuzz() throws {
        var rng = SeededRandom(seed: 874)
        let alphabet: [[UInt8]] = [[0x2C], [0x22], [0x0A], [0x0D], [0x0D, 0x0A], [0x20], Array("ab".utf8), Array("12.5".utf8),
                                   Array("๑".utf8), Array("ก".utf8), [0xA1], [0xEF, 0xBB, 0xBF], [0x00], [0xFF], [0xE0, 0xB8]]
        var clean = 0, refused = 0
        for i in 0..<1500 {
            var bytes: [UInt8] = []
            if i % 3 == 0 {
                bytes = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else if i % 3 == 1 {
                for _ in 0..<Int.random(in: 0...120, using: &rng) { bytes += alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            } else {
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
                if Int.random(in: 0..<4, using: &rng) == 0, !bytes.isEmpty { bytes.insert(0x22, at: Int.random(in: 0..<bytes.count, using: &rng)) }
            }
            let read = ReadCSV(bytes, name: "f\(i).csv")
            if read.problems.isEmpty {
                clean += 1
                for record in read.records {
                    #expect(record.line >= 2)
                    #expect(try read.file.records(in: record.span).map(\.fields) == [record.fields], "case \(i)")
                }
            } else {
                refused += 1
                for problem in read.problems { #expect(problem.hasPrefix("f\(i).csv:"), "case \(i): \(problem)") }
            }
        }
        #expect(clean > 100 && refused > 100, "both outcomes exercised: \(clean) clean, \(refused) refused")
    }
}
