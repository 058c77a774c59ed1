/// Where a value came from: a file, a 1-based physical line and a 1-based column (the field's position
/// in its row, as a spreadsheet shows it).
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The file as the user named it (the inputs folder joined with the file's path inside it).
    public let file: String
    /// Physical line where the row (or the offending byte) is; 0 when the problem is the whole file.
    public let line: Int
    /// The field's column, 1-based; 0 when the problem is the whole row or file.
    public let column: Int

    /// Creates a location.
    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, leaving out what is unknown.
    public var description: String {
        if line == 0 { return file }
        if column == 0 { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.file != b.file { return a.file.utf8.lexicographicallyPrecedes(b.file.utf8) }
        return (a.line, a.column) < (b.line, b.column)
    }
}

/// A problem found in the inputs: an error stops the run before anything is written; a warning is
/// printed and recorded in the manifest (and is an error with `--strict`).
public struct Finding: Hashable, Sendable, CustomStringConvertible {
    /// How serious it is.
    public enum Severity: String, Sendable, Codable {
        case error, warning
    }

    /// How serious it is.
    public let severity: Severity
    /// Where; nil for a problem of the run as a whole (an option naming an unknown unit).
    public let location: SourceLocation?
    /// What is wrong and, where it helps, how to fix it.
    public let message: String

    /// Creates a finding.
    public init(_ severity: Severity, at location: SourceLocation?, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    /// `file:line:column: error: message`, the form compilers use, so editors can jump to it.
    public var description: String {
        if let location { return "\(location): \(severity.rawValue): \(message)" }
        return "kpi-report: \(severity.rawValue): \(message)"
    }

    /// The same finding as an error (what `--strict` does to warnings).
    public var asError: Finding { Finding(.error, at: location, message) }
}

/// Collects findings while a stage goes through all of its input, so that every problem is reported in
/// one run.
public struct Findings: Sendable {
    /// Everything collected, in the order found.
    public private(set) var all: [Finding] = []
    /// With `strict`, warnings are recorded as errors.
    public let strict: Bool

    /// An empty collection.
    public init(strict: Bool = false) { self.strict = strict }

    /// Records an error.
    public mutating func error(_ location: SourceLocation?, _ message: String) {
        all.append(Finding(.error, at: location, message))
    }

    /// Records a warning (an error when strict).
    public mutating func warning(_ location: SourceLocation?, _ message: String) {
        all.append(Finding(strict ? .error : .warning, at: location, message))
    }

    /// Appends findings of another stage.
    public mutating func append(contentsOf other: [Finding]) {
        all.append(contentsOf: strict ? other.map(\.asError) : other)
    }

    /// True when at least one error was recorded.
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// Sorted by file, line and column (findings without a location first), each once.
    public var sorted: [Finding] { Findings.sorted(all) }

    /// Sorts findings by place, keeping the order found among equal places, and drops repeats.
    public static func sorted(_ findings: [Finding]) -> [Finding] {
        var seen = Set<Finding>()
        let unique = findings.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case (nil, nil): return a.offset < b.offset
            case (nil, _): return true
            case (_, nil): return false
            case let (la?, lb?): return la == lb ? a.offset < b.offset : la < lb
            }
        }.map(\.element)
    }
}
