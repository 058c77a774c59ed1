import Foundation
import Testing
import TestSupport

/// The printed pages an officer signs, checked the way they are made: the built executable writes the
/// workbooks, LibreOffice prints them (scripts/print-check: PDF text and UNO optimal row heights).
@Suite(.serialized) struct PrintTests {
    static var soffice: Bool { LibreOfficeRecalc.soffice != nil }

    /// Builds `inputs` into a new folder with the executable; returns the folder.
    func build(_ inputs: String, _ extra: [String] = []) throws -> String {
        let out = Repository.temporaryFolder("print-out")
        let run = try Shell.execute(Repository.executable, ["build", "--inputs", inputs, "--outputs", out, "-q"] + extra)
        #expect(run.status == 0, "\(run.stderr)")
        return out
    }

    /// `scripts/print-check` over a folder: its counts by name.
    func printCheck(_ folder: String) throws -> [String: Int] {
        let run = try Shell.execute(Repository.root.path + "/scripts/print-check", [folder])
        let last = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let words = last.split(separator: " ").map(String.init)
        var counts: [String: Int] = [:]
        for i in stride(from: 0, to: words.count - 1, by: 2) { counts[words[i]] = Int(words[i + 1]) }
        #expect(run.status == 0, "print-check: \(last)\n\(run.stderr.prefix(2_000))")
        return counts
    }

    @Test("printed by LibreOffice: no ###, band headings 60-69.99% … 90-99.99%, no row cut off or over 409 pt",
          arguments: ["sample", "sample --thai-digits", "generated with long text", "generated with long text --thai-digits"])
    func nothingCutOff(kind: String) throws {
        try #require(Self.soffice, "LibreOffice is not installed (make test installs it)")
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "python3-uno is needed (make test installs it)")
        var inputs = Repository.sampleInputs
        if kind.hasPrefix("generated") {
            inputs = Repository.temporaryFolder("print-gen") + "/in"
            _ = try Shell.run("/usr/bin/python3", [Repository.root.path + "/scripts/gen-units.py", inputs, "--units", "12", "--long-text"])
        }
        let out = try build(inputs, kind.hasSuffix("--thai-digits") ? ["--thai-digits"] : [])
        let counts = try printCheck(out)
        #expect(counts["books"] == (kind.hasPrefix("sample") ? 11 : 13))
        #expect((counts["rows"] ?? 0) > (kind.hasPrefix("sample") ? 1_000 : 2_000))
        #expect(counts["hashes"] == 0)
        #expect(counts["bands"] == 0)
        #expect(counts["taller"] == 0)
        #expect(counts["over409"] == 0)
        // Text of thousands of characters continued on further rows, none over Excel's 409 pt.
        if kind.hasPrefix("generated") {
            var tallest = 0.0
            for path in try FileManager.default.subpathsOfDirectory(atPath: out) where path.hasSuffix(".xlsx") {
                let book = try XLSXPackage(out + "/" + path)
                for (sheet, _) in book.sheets { tallest = max(tallest, try book.rowHeights(sheet).values.max() ?? 0) }
            }
            #expect(tallest > 300 && tallest <= 409)
        }
    }

    /// Every sheet whose name starts with one of `prefixes`, of every workbook under `folder`.
    func sheets(under folder: String, named prefixes: [String]) throws -> [(path: String, book: XLSXPackage, sheet: String, part: String)] {
        var out: [(String, XLSXPackage, String, String)] = []
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder).sorted() where path.hasSuffix(".xlsx") {
            let book = try XLSXPackage(folder + "/" + path)
            for (sheet, part) in book.sheets where prefixes.contains(where: sheet.hasPrefix) { out.append((path, book, sheet, part)) }
        }
        return out
    }

    @Test("band headings as seed 003 prints them, on every annex")
    func bandHeadings() throws {
        let annexes = try sheets(under: try build(Repository.sampleInputs), named: ["ภาคผนวก"])
        for (path, book, sheet, _) in annexes {
            let texts = Set(try book.cells(sheet).values.compactMap(\.value))
            for band in ["60-69.99%", "70-79.99%", "80-89.99%", "90-99.99%", "100%"] {
                #expect(texts.contains(band), "\(path) \(sheet): no \(band)")
            }
            #expect(!texts.contains { $0.hasSuffix(".99%") && !["60-69.99%", "70-79.99%", "80-89.99%", "90-99.99%"].contains($0) })
        }
        #expect(annexes.count >= 8)
    }

    @Test("official sheets (summary, agreement, annexes, projects) are black on white: no cell of theirs is filled")
    func officialSheetsUnfilled() throws {
        let official = try sheets(under: try build(Repository.sampleInputs), named: ["สรุปผลคะแนน", "คำรับรอง", "ภาคผนวก", "โครงการ"])
        for (path, book, sheet, part) in official {
            let styles = String(decoding: try book.part("xl/styles.xml"), as: UTF8.self)
            // Fill of each cell format: fills 0 and 1 are the file format's own "none" and "gray125".
            let fills = Self.elements("fill", in: styles)
            let formats = Self.elements("xf", in: Self.elements("cellXfs", in: styles).first ?? "")
            let filled = Set(formats.enumerated().compactMap { i, xf -> Int? in
                guard let id = Self.attribute("fillId", in: xf).flatMap(Int.init), fills.indices.contains(id) else { return nil }
                return fills[id].contains("solid") ? i : nil
            })
            let xml = String(decoding: try book.part(part), as: UTF8.self)
            let used = Set(xml.split(separator: "<c ").dropFirst().compactMap { Self.attribute("s", in: String($0.prefix(80))).flatMap(Int.init) })
            #expect(used.isDisjoint(with: filled), "\(path) \(sheet): filled cells")
        }
        #expect(official.count >= 20)
    }

    @Test("--pdf: one PDF per workbook, published with them, with the units' Thai names in its text and its fonts embedded")
    func pdf() throws {
        try #require(Self.soffice, "LibreOffice is not installed (make test installs it)")
        let out = try build(Repository.sampleInputs, ["--pdf"])
        let files = try FileManager.default.subpathsOfDirectory(atPath: out)
        let books = files.filter { $0.hasSuffix(".xlsx") }
        #expect(books.count == 11)
        let names = ["HRM": "กองบริหารทรัพยากรบุคคล", "FIN": "กองบริหารการคลัง", "SEC": "สำนักงานเลขานุการกรม"]
        for book in books {
            let pdf = String(book.dropLast(5)) + ".pdf"
            #expect(files.contains(pdf), "no \(pdf)")
            let text = try Shell.run("/usr/bin/pdftotext", [out + "/" + pdf, "-"])
            #expect(text.contains("คะแนน"), "\(pdf): no Thai text")
            let unit = ((book as NSString).lastPathComponent as NSString).deletingPathExtension
            if let name = names[unit] { #expect(text.contains(name), "\(pdf): no \(name)") }
            let fonts = try Shell.run("/usr/bin/pdffonts", [out + "/" + pdf])
            let rows = fonts.split(separator: "\n").dropFirst(2)
            #expect(!rows.isEmpty && rows.allSatisfy { $0.contains(" yes ") }, "\(pdf): a font not embedded\n\(fonts)")
        }
        // The manifest lists the PDFs with the workbooks.
        for manifest in files where manifest.hasSuffix("manifest.json") {
            let text = try String(contentsOfFile: out + "/" + manifest, encoding: .utf8)
            #expect(text.contains(".pdf\""))
        }
    }

    /// The XML elements named `name` (with their contents), in order.
    static func elements(_ name: String, in xml: String) -> [String] {
        var out: [String] = []
        var rest = xml[...]
        while let start = rest.range(of: "<\(name)>") ?? rest.range(of: "<\(name) ") {
            let tail = rest[start.lowerBound...]
            let selfClosing = tail.range(of: "/>"), close = tail.range(of: "</\(name)>"), open = tail.range(of: ">")
            let end: String.Index
            if let s = selfClosing, let o = open, s.upperBound == o.upperBound { end = s.upperBound }
            else if let c = close { end = c.upperBound }
            else { break }
            out.append(String(rest[start.lowerBound..<end]))
            rest = rest[end...]
        }
        return out
    }

    /// An attribute's value in an element's text.
    static func attribute(_ name: String, in element: String) -> String? {
        guard let r = element.range(of: " \(name)=\"") else { return nil }
        return element[r.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
    }
}
