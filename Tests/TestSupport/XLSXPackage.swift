import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads an .xlsx file the way a test needs to: its parts, its sheets' cells with formulas and cached
/// values, its defined names, and the layout a printed sheet depends on. The archive is read once, with
/// ZIPFoundation, and every part's bytes are kept in memory. Independent of the code under test.
public struct XLSXPackage: Sendable {
    /// A cell as stored in the file.
    public struct StoredCell: Equatable, Sendable {
        /// The text of the cell's `<f>` element; `""` for a cell that shares another cell's formula.
        public let formula: String?
        /// The cached or literal value as text (numbers as written in the XML).
        public let value: String?
        /// `t` attribute: `s` shared string, `str` formula string, `n`/nil number, `inlineStr`.
        public let type: String?

        /// The value as a number.
        public var number: Double? { type == nil || type == "n" ? value.flatMap(Double.init) : nil }
    }

    /// A defined name.
    public struct Name: Equatable, Sendable {
        /// The name as written (`Total_R6`, `_xlnm.Print_Titles`).
        public let name: String
        /// The sheet a local name belongs to.
        public let localSheet: String?
        /// What the name refers to, as written (`'รอบ ๖ เดือน'!$P$25`).
        public let reference: String
    }

    /// Why a package could not be read; each case names the file and, where there is one, the part.
    public enum ReadError: Error, CustomStringConvertible, Sendable {
        /// The file is missing or is not a ZIP archive.
        case unreadableArchive(path: String, reason: String)
        /// The archive has no such part.
        case missingPart(path: String, part: String)
        /// The part's bytes could not be inflated or fail their CRC-32.
        case unreadablePart(path: String, part: String, reason: String)
        /// The part is not well-formed XML (or not UTF-8), or refers to something that is not there.
        case malformedPart(path: String, part: String, reason: String)
        /// The workbook has no sheet of that name.
        case unknownSheet(path: String, sheet: String)

        /// One line naming the file, the part and the problem.
        public var description: String {
            switch self {
            case let .unreadableArchive(path, reason): "\(path): cannot read the archive: \(reason)"
            case let .missingPart(path, part): "\(path): no part \(part)"
            case let .unreadablePart(path, part, reason): "\(path): \(part): \(reason)"
            case let .malformedPart(path, part, reason): "\(path): \(part): \(reason)"
            case let .unknownSheet(path, sheet): "\(path): no sheet named \(sheet)"
            }
        }
    }

    /// The file this package was read from.
    public let path: String
    /// Part names in the archive.
    public let parts: [String]
    /// Sheet names in order, with their part paths.
    public let sheets: [(name: String, part: String)]
    /// The workbook's defined names, in the order of `xl/workbook.xml`.
    public let names: [Name]
    private let sharedStrings: [String]
    /// Every part's bytes, by part name.
    private let contents: [String: Data]

    /// Opens a file and reads every part into memory.
    public init(_ path: String) throws {
        self.path = path
        let contents = try Self.readArchive(path)
        self.contents = contents
        parts = contents.keys.sorted()

        // The workbook part and its relationships, found the way a consumer finds them.
        let rootRelationships = try Self.relationships(path, contents, of: "", required: false)
        let workbookPart = rootRelationships.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        let workbook = try Self.xml(path, contents, workbookPart) { try XMLElements.workbook($0) }
        let relationships = try Self.relationships(path, contents, of: workbookPart, required: true)
        let targets = Dictionary(relationships.map { ($0.id, $0.target) }, uniquingKeysWith: { first, _ in first })

        sheets = try workbook.sheets.map { sheet in
            guard let target = targets[sheet.relationship] else {
                throw ReadError.malformedPart(path: path, part: workbookPart,
                                              reason: "sheet \(sheet.name) refers to relationship \(sheet.relationship), which is not in \(Self.relationshipsPart(of: workbookPart))")
            }
            return (sheet.name, target)
        }
        let sheetNames = sheets.map(\.name)
        names = try workbook.names.map { name in
            var localSheet: String?
            if let index = name["localSheetId"] {
                guard let i = Int(index), sheetNames.indices.contains(i) else {
                    throw ReadError.malformedPart(path: path, part: workbookPart,
                                                  reason: "defined name \(name["name"] ?? "") has localSheetId \(index), but there are \(sheetNames.count) sheets")
                }
                localSheet = sheetNames[i]
            }
            return Name(name: name["name"] ?? "", localSheet: localSheet, reference: name.text)
        }
        if let sharedStringsPart = relationships.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target {
            sharedStrings = try Self.xml(path, contents, sharedStringsPart) { try XMLElements.sharedStrings($0) }
        } else {
            sharedStrings = []
        }
    }

    /// The bytes of a part of the file at `path` (opens the archive; prefer `part(_:)` on a package).
    public static func part(_ path: String, _ name: String) throws -> Data {
        let archive = try openArchive(path)
        guard let entry = archive[name] else { throw ReadError.missingPart(path: path, part: name) }
        return try extract(entry, from: archive, path: path)
    }

    /// The bytes of a part, from memory.
    public func part(_ name: String) throws -> Data {
        guard let data = contents[name] else { throw ReadError.missingPart(path: path, part: name) }
        return data
    }

    /// Every cell of a sheet by reference (`C5`); empty when there is no such sheet.
    public func cells(_ sheet: String) throws -> [String: StoredCell] {
        guard let part = sheets.first(where: { $0.name == sheet })?.part else { return [:] }
        var cells: [String: StoredCell] = [:]
        for c in try xml(part, XMLElements.cells) {
            var value = c.value
            if c.type == "s", let i = value.flatMap(Int.init), sharedStrings.indices.contains(i) { value = sharedStrings[i] }
            cells[c.ref] = StoredCell(formula: c.formula, value: value, type: c.type)
        }
        return cells
    }

    /// The cell a defined name points at (global, or local to `sheet`).
    public func cell(named name: String, localTo sheet: String? = nil) throws -> (sheet: String, ref: String, cell: StoredCell)? {
        guard let defined = names.first(where: { $0.name == name && $0.localSheet == sheet }) else { return nil }
        let reference = defined.reference.hasPrefix("=") ? String(defined.reference.dropFirst()) : defined.reference
        guard let bang = reference.lastIndex(of: "!") else { return nil }
        var sheetName = String(reference[..<bang])
        if sheetName.hasPrefix("'") && sheetName.hasSuffix("'") {
            sheetName = String(sheetName.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        let ref = reference[reference.index(after: bang)...].replacingOccurrences(of: "$", with: "")
        guard let cell = try cells(sheetName)[ref] else { return nil }
        return (sheetName, ref, cell)
    }

    /// Every `<f>` element of every sheet, in sheet order and then document order: the sheet, the
    /// cell's reference and the element's text (`""` for a cell that shares another cell's formula).
    public func formulas() throws -> [(sheet: String, ref: String, formula: String)] {
        var found: [(sheet: String, ref: String, formula: String)] = []
        for sheet in sheets {
            for cell in try xml(sheet.part, XMLElements.cells) {
                if let formula = cell.formula { found.append((sheet.name, cell.ref, formula)) }
            }
        }
        return found
    }

    /// Every `.xml` and `.rels` part, in part-name order, decoded as UTF-8 (throws for a part that
    /// is not UTF-8).
    public func allXMLText() throws -> [(part: String, text: String)] {
        try parts.filter { $0.hasSuffix(".xml") || $0.hasSuffix(".rels") }.map { part in
            guard let text = String(data: try self.part(part), encoding: .utf8) else {
                throw ReadError.malformedPart(path: path, part: part, reason: "not UTF-8")
            }
            return (part, text)
        }
    }

    /// The `ht` of every `<row>` that has one, by 1-based row number.
    public func rowHeights(_ sheet: String) throws -> [Int: Double] {
        let part = try sheetPart(sheet)
        var heights: [Int: Double] = [:]
        var previous = 0
        for row in try xml(part, XMLElements.layout).rows {
            // `r` is optional: a row without it follows the one before.
            let rowNumber = try row["r"].map { try number(Int($0), $0, "row r", in: part) } ?? previous + 1
            previous = rowNumber
            if let ht = row["ht"] { heights[rowNumber] = try number(Double(ht), ht, "row \(rowNumber) ht", in: part) }
        }
        return heights
    }

    /// Every `<col>` that has a `width`, in document order: its first and last column (1-based) and
    /// the width.
    public func columnWidths(_ sheet: String) throws -> [(min: Int, max: Int, width: Double)] {
        let part = try sheetPart(sheet)
        return try xml(part, XMLElements.layout).columns.compactMap { col in
            guard let width = col["width"] else { return nil }
            let first = col["min"] ?? "(none)", last = col["max"] ?? "(none)"
            return (try number(Int(first), first, "col min", in: part), try number(Int(last), last, "col max", in: part),
                    try number(Double(width), width, "col width", in: part))
        }
    }

    /// The attributes of the sheet's `<pageSetup>` (`paperSize`, `orientation`, `fitToHeight`, …)
    /// and, when the sheet has `<rowBreaks>`, `rowBreaks`: its `<brk id>` values joined by commas
    /// (`"10,25"`).
    public func pageSetup(_ sheet: String) throws -> [String: String] {
        let layout = try xml(try sheetPart(sheet), XMLElements.layout)
        var attributes = layout.pageSetup
        if let breaks = layout.rowBreaks { attributes["rowBreaks"] = breaks.joined(separator: ",") }
        return attributes
    }

    // MARK: - Reading

    /// The part of a sheet, or `unknownSheet`.
    private func sheetPart(_ sheet: String) throws -> String {
        guard let part = sheets.first(where: { $0.name == sheet })?.part else { throw ReadError.unknownSheet(path: path, sheet: sheet) }
        return part
    }

    /// A number read from an attribute, or `malformedPart` naming what it should have been.
    private func number<T>(_ value: T?, _ text: String, _ what: String, in part: String) throws -> T {
        guard let value else { throw ReadError.malformedPart(path: path, part: part, reason: "\(what) is not a number: \(text)") }
        return value
    }

    /// Reads a part of this package as XML.
    private func xml<T>(_ part: String, _ read: (Data) throws -> T) throws -> T {
        try Self.xml(path, contents, part, read)
    }

    /// Reads a part as XML; a parse failure becomes `malformedPart` with the line.
    private static func xml<T>(_ path: String, _ contents: [String: Data], _ part: String, _ read: (Data) throws -> T) throws -> T {
        guard let data = contents[part] else { throw ReadError.missingPart(path: path, part: part) }
        do {
            return try read(data)
        } catch let failure as XMLElements.Failure {
            throw ReadError.malformedPart(path: path, part: part, reason: "line \(failure.line): \(failure.message)")
        }
    }

    /// `a/_rels/b.xml.rels` for `a/b.xml`; `_rels/.rels` for the package itself (`""`).
    private static func relationshipsPart(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "_rels/\(part).rels" }
        return "\(part[..<slash])/_rels/\(part[part.index(after: slash)...]).rels"
    }

    /// The relationships of a part, targets resolved to part names; internal targets only.
    private static func relationships(_ path: String, _ contents: [String: Data], of part: String,
                                      required: Bool) throws -> [(id: String, type: String, target: String)] {
        let relsPart = relationshipsPart(of: part)
        if !required && contents[relsPart] == nil { return [] }
        let folder = part.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return try xml(path, contents, relsPart) { try XMLElements.all($0, "Relationship") }
            .filter { $0["TargetMode"] != "External" }
            .map { ($0["Id"] ?? "", $0["Type"] ?? "", resolve($0["Target"] ?? "", from: folder)) }
    }

    /// A relationship target as a part name: absolute (`/xl/a.xml`) or relative to `folder`, with `.`
    /// and `..` segments removed.
    private static func resolve(_ target: String, from folder: String) -> String {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : (folder.isEmpty ? target : folder + "/" + target)
        var segments: [Substring] = []
        for segment in joined.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }

    /// Opens the archive at `path` for reading.
    private static func openArchive(_ path: String) throws -> Archive {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ReadError.unreadableArchive(path: path, reason: "no readable file")
        }
        do {
            return try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw ReadError.unreadableArchive(path: path, reason: "not a ZIP archive (\(error))")
        }
    }

    /// Every entry's bytes, by entry path; read in one pass over the archive.
    private static func readArchive(_ path: String) throws -> [String: Data] {
        let archive = try openArchive(path)
        var contents: [String: Data] = [:]
        for entry in archive where contents[entry.path] == nil {
            contents[entry.path] = try extract(entry, from: archive, path: path)
        }
        return contents
    }

    /// One entry's bytes, checked against the sizes and CRC-32 of the central directory.
    private static func extract(_ entry: Entry, from archive: Archive, path: String) throws -> Data {
        var data = Data()
        // The directory's size, but never more than 64 MB up front: a damaged size must not allocate gigabytes.
        data.reserveCapacity(Int(clamping: min(entry.uncompressedSize, 64 << 20)))
        let checksum: CRC32
        do {
            // Larger chunks than the default 16 kB: fewer allocations and calls on big sheets.
            checksum = try archive.extract(entry, bufferSize: 256 * 1024) { data.append($0) }
        } catch {
            throw ReadError.unreadablePart(path: path, part: entry.path, reason: "cannot inflate (\(error))")
        }
        guard entry.type != .file || (UInt64(data.count) == entry.uncompressedSize && checksum == entry.checksum) else {
            throw ReadError.unreadablePart(path: path, part: entry.path,
                                           reason: "\(data.count) bytes with CRC-32 \(checksum), the directory says \(entry.uncompressedSize) bytes with CRC-32 \(entry.checksum)")
        }
        return data
    }
}

/// Minimal XML scanning for the parts tests read: one SAX walk, a few readers over it.
enum XMLElements {
    /// An element's attributes and text.
    struct Element {
        let attributes: [String: String]
        let text: String
        subscript(_ key: String) -> String? { attributes[key] }
    }

    /// A `<c>` element: reference, type, formula, cached or inline value.
    struct RawCell { let ref: String; let type: String?; var formula: String?; var value: String? }

    /// What `xl/workbook.xml` says about sheets and names.
    struct Workbook { let sheets: [(name: String, relationship: String)]; let names: [Element] }

    /// What a sheet says about its rows, columns and printing.
    struct SheetLayout {
        var rows: [Element] = []
        var columns: [Element] = []
        var pageSetup: [String: String] = [:]
        /// The `<brk id>` values of `<rowBreaks>`; nil when there is no `<rowBreaks>`.
        var rowBreaks: [String]?
    }

    /// XML that could not be parsed.
    struct Failure: Error { let line: Int; let message: String }

    /// Calls back for each element start, text run and element end.
    final class Walker: NSObject, XMLParserDelegate {
        let start: (String, [String: String]) -> Void
        let text: (String) -> Void
        let end: (String) -> Void

        init(start: @escaping (String, [String: String]) -> Void, text: @escaping (String) -> Void, end: @escaping (String) -> Void) {
            self.start = start
            self.text = text
            self.end = end
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) { start(name, attributes) }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text(string) }
        func parser(_ parser: XMLParser, foundCDATA block: Data) { text(String(decoding: block, as: UTF8.self)) }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { end(name) }

        /// Walks `data`; throws `Failure` where the XML is not well-formed.
        static func walk(_ data: Data, start: @escaping (String, [String: String]) -> Void, text: @escaping (String) -> Void,
                         end: @escaping (String) -> Void) throws {
            let walker = Walker(start: start, text: text, end: end)
            // From a stream: on Linux, `XMLParser(data:)` fails every document over 10 MB (libxml2's
            // limit for one chunk, swift-corelibs-foundation#4851). From a stream, `parse()` may return
            // true for a truncated document, so `parserError` is checked as well.
            let parser = XMLParser(stream: InputStream(data: data))
            parser.delegate = walker
            let parsed = parser.parse()
            if !parsed || parser.parserError != nil {
                let code = (parser.parserError as NSError?)?.code.description ?? "unknown"
                throw Failure(line: parser.lineNumber, message: "not well-formed XML (XMLParser error \(code), column \(parser.columnNumber))")
            }
        }
    }

    /// Every `element` with its attributes and text.
    static func all(_ data: Data, _ element: String) throws -> [Element] {
        var found: [Element] = []
        var current: [String: String]?
        var buffer = ""
        try Walker.walk(data, start: { name, attributes in if name == element { current = attributes; buffer = "" } },
                        text: { if current != nil { buffer += $0 } },
                        end: { name in
                            if name == element, let attributes = current { found.append(Element(attributes: attributes, text: buffer)); current = nil }
                        })
        return found
    }

    /// The `<row>`, `<col>`, `<pageSetup>` and `<rowBreaks>` attributes of a sheet, in one walk.
    static func layout(_ data: Data) throws -> SheetLayout {
        var layout = SheetLayout()
        var inRowBreaks = false
        try Walker.walk(data, start: { name, attributes in
            switch name {
            case "row": layout.rows.append(Element(attributes: attributes, text: ""))
            case "col": layout.columns.append(Element(attributes: attributes, text: ""))
            case "pageSetup": layout.pageSetup = attributes
            case "rowBreaks": inRowBreaks = true; layout.rowBreaks = layout.rowBreaks ?? []
            case "brk" where inRowBreaks: layout.rowBreaks?.append(attributes["id"] ?? "")
            default: break
            }
        }, text: { _ in }, end: { name in if name == "rowBreaks" { inRowBreaks = false } })
        return layout
    }

    /// The sheets (name, relationship id) and defined names of `xl/workbook.xml`.
    static func workbook(_ data: Data) throws -> Workbook {
        var sheets: [(name: String, relationship: String)] = []
        var names: [Element] = []
        var name: [String: String]?
        var buffer = ""
        try Walker.walk(data, start: { element, attributes in
            switch element {
            case "sheet":
                // The relationship id is `r:id` in every writer seen, but the prefix is the writer's choice.
                let id = attributes["r:id"] ?? attributes.first { $0.key.hasSuffix(":id") }?.value ?? ""
                sheets.append((attributes["name"] ?? "", id))
            case "definedName": name = attributes; buffer = ""
            default: break
            }
        }, text: { if name != nil { buffer += $0 } }, end: { element in
            if element == "definedName", let attributes = name { names.append(Element(attributes: attributes, text: buffer)); name = nil }
        })
        return Workbook(sheets: sheets, names: names)
    }

    /// The cells of a sheet, in document order: reference, type, formula, cached or inline value.
    static func cells(_ data: Data) throws -> [RawCell] {
        var cells: [RawCell] = []
        var current: RawCell?
        var inside: String?
        var phonetic = 0
        var buffer = ""
        try Walker.walk(data, start: { name, attributes in
            switch name {
            case "c": current = RawCell(ref: attributes["r"] ?? "", type: attributes["t"], formula: nil, value: nil)
            case "f", "v", "t": if phonetic == 0 { inside = name; buffer = "" }
            case "rPh": phonetic += 1
            default: break
            }
        }, text: { if inside != nil { buffer += $0 } }, end: { name in
            switch name {
            case "f" where inside == "f": current?.formula = buffer
            case "v" where inside == "v": current?.value = buffer
            case "t" where inside == "t":
                let previous = current?.value ?? ""
                current?.value = previous + buffer
            case "rPh": phonetic -= 1; return
            case "c": if let c = current { cells.append(c) }; current = nil
            default: return
            }
            inside = nil
        })
        return cells
    }

    /// The shared strings, in index order (rich text runs joined, phonetic runs left out).
    static func sharedStrings(_ data: Data) throws -> [String] {
        var strings: [String] = []
        var current = ""
        var inT = false
        var phonetic = 0
        try Walker.walk(data, start: { name, _ in
            switch name {
            case "si": current = ""
            case "t": inT = phonetic == 0
            case "rPh": phonetic += 1
            default: break
            }
        }, text: { if inT { current += $0 } }, end: { name in
            switch name {
            case "t": inT = false
            case "rPh": phonetic -= 1
            case "si": strings.append(current)
            default: break
            }
        })
        return strings
    }
}
