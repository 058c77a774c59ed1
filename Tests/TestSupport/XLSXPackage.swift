import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an .xlsx file the way a test needs to: its parts (via `unzip`), its sheets' cells with
/// formulas and cached values, and its defined names. Independent of the code under test.
public struct XLSXPackage {
    /// A cell as stored in the file.
    public struct StoredCell: Equatable {
        public let formula: String?
        /// The cached or literal value as text (numbers as written in the XML).
        public let value: String?
        /// `t` attribute: `s` shared string, `str` formula string, `n`/nil number, `inlineStr`.
        public let type: String?

        /// The value as a number.
        public var number: Double? { type == nil || type == "n" ? value.flatMap(Double.init) : nil }
    }

    /// A defined name.
    public struct Name: Equatable {
        public let name: String
        /// The sheet a local name belongs to.
        public let localSheet: String?
        public let reference: String
    }

    public let path: String
    /// Part names in the archive.
    public let parts: [String]
    /// Sheet names in order, with their part paths.
    public let sheets: [(name: String, part: String)]
    public let names: [Name]
    private let sharedStrings: [String]

    /// Opens a file.
    public init(_ path: String) throws {
        self.path = path
        parts = try Shell.run("/usr/bin/unzip", ["-Z1", path]).split(separator: "\n").map(String.init).sorted()
        let workbook = try XLSXPackage.part(path, "xl/workbook.xml")
        let rels = try XLSXPackage.part(path, "xl/_rels/workbook.xml.rels")
        let relTargets = Dictionary(XMLElements.all(rels, "Relationship").map { ($0["Id"] ?? "", $0["Target"] ?? "") }, uniquingKeysWith: { a, _ in a })
        let sheetElements = XMLElements.all(workbook, "sheet")
        sheets = sheetElements.map { e in
            let target = relTargets[e["r:id"] ?? ""] ?? ""
            return (e["name"] ?? "", target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target)
        }
        let sheetNames = sheets.map(\.name)
        names = XMLElements.all(workbook, "definedName").map { e in
            Name(name: e["name"] ?? "", localSheet: e["localSheetId"].flatMap(Int.init).map { sheetNames[$0] },
                 reference: e.text)
        }
        if parts.contains("xl/sharedStrings.xml") {
            sharedStrings = XMLElements.sharedStrings(try XLSXPackage.part(path, "xl/sharedStrings.xml"))
        } else {
            sharedStrings = []
        }
    }

    /// The bytes of a part.
    public static func part(_ path: String, _ name: String) throws -> Data {
        // unzip reads member names as wildcards: `[` must be escaped as `[[]`.
        try Shell.runData("/usr/bin/unzip", ["-p", path, name.replacingOccurrences(of: "[", with: "[[]")])
    }

    /// Every cell of a sheet by reference (`C5`).
    public func cells(_ sheet: String) throws -> [String: StoredCell] {
        guard let part = sheets.first(where: { $0.name == sheet })?.part else { return [:] }
        var cells: [String: StoredCell] = [:]
        for c in XMLElements.cells(try XLSXPackage.part(path, part)) {
            var value = c.value
            if c.type == "s", let i = value.flatMap(Int.init), i < sharedStrings.count { value = sharedStrings[i] }
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
}

/// Minimal XML scanning for the parts tests read: one SAX walk, three readers over it.
enum XMLElements {
    struct Element {
        let attributes: [String: String]
        let text: String
        subscript(_ key: String) -> String? { attributes[key] }
    }

    struct RawCell { let ref: String; let type: String?; var formula: String?; var value: String? }

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
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { end(name) }

        static func walk(_ data: Data, start: @escaping (String, [String: String]) -> Void, text: @escaping (String) -> Void,
                         end: @escaping (String) -> Void) {
            let walker = Walker(start: start, text: text, end: end)
            let parser = XMLParser(data: data)
            parser.delegate = walker
            _ = parser.parse()
        }
    }

    /// Every `element` with its attributes and text.
    static func all(_ data: Data, _ element: String) -> [Element] {
        var found: [Element] = []
        var current: [String: String]?
        var buffer = ""
        Walker.walk(data, start: { name, attributes in if name == element { current = attributes; buffer = "" } },
                    text: { if current != nil { buffer += $0 } },
                    end: { name in
                        if name == element, let attributes = current { found.append(Element(attributes: attributes, text: buffer)); current = nil }
                    })
        return found
    }

    /// The cells of a sheet: reference, type, formula, cached or inline value.
    static func cells(_ data: Data) -> [RawCell] {
        var cells: [RawCell] = []
        var current: RawCell?
        var inside: String?
        var buffer = ""
        Walker.walk(data, start: { name, attributes in
            if name == "c" { current = RawCell(ref: attributes["r"] ?? "", type: attributes["t"], formula: nil, value: nil) }
            if ["f", "v", "t"].contains(name) { inside = name; buffer = "" }
        }, text: { if inside != nil { buffer += $0 } }, end: { name in
            switch name {
            case "f": current?.formula = buffer
            case "v": current?.value = buffer
            case "t":
                let previous = current?.value ?? ""
                current?.value = previous + buffer
            case "c": if let c = current { cells.append(c) }; current = nil
            default: return
            }
            inside = nil
        })
        return cells
    }

    /// The shared strings, in index order (rich text runs joined).
    static func sharedStrings(_ data: Data) -> [String] {
        var strings: [String] = []
        var current = ""
        var inT = false
        Walker.walk(data, start: { name, _ in
            if name == "si" { current = "" }
            if name == "t" { inT = true }
        }, text: { if inT { current += $0 } }, end: { name in
            if name == "t" { inT = false }
            if name == "si" { strings.append(current) }
        })
        return strings
    }
}
