/// Where a value came from: a file, a 1-based physical line and a 1-based column (the field's position
/// in its row, as a spreadsheet shows it).
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The file as the user named it (relative to the working directory when given so).
    public let file: String
    /// Physical line where the row (or the offending field) starts; 0 when the problem is the whole file.
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
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// A problem found in the inputs: an error stops the run before anything is written, a warning is
/// reported and recorded in the manifest.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious it is.
    public enum Severity: String, Sendable, Codable {
        case error, warning
    }

    /// How serious it is.
    public let severity: Severity
    /// Where; nil for problems that belong to no single file (e.g. a missing input file's folder).
    public let location: SourceLocation?
    /// What is wrong and, where it helps, how to fix it.
    public let message: String

    /// Creates a diagnostic.
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
}

/// Collects diagnostics while a stage goes through all of its input, so that every problem is reported
/// in one run.
public struct Diagnostics: Sendable {
    /// Everything collected, in the order found.
    public private(set) var all: [Diagnostic] = []

    /// An empty collection.
    public init() {}

    /// Records an error.
    public mutating func error(_ location: SourceLocation?, _ message: String) {
        all.append(Diagnostic(.error, at: location, message))
    }

    /// Records a warning.
    public mutating func warning(_ location: SourceLocation?, _ message: String) {
        all.append(Diagnostic(.warning, at: location, message))
    }

    /// Appends another collection.
    public mutating func append(contentsOf other: [Diagnostic]) {
        all.append(contentsOf: other)
    }

    /// True when at least one error was recorded.
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// The errors only.
    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }

    /// The warnings only.
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }

    /// Sorted by file, line and column, errors and warnings interleaved as they occur in the files;
    /// problems without a location come first.
    public var sorted: [Diagnostic] {
        all.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case (nil, nil): return a.offset < b.offset
            case (nil, _): return true
            case (_, nil): return false
            case let (la?, lb?): return la == lb ? a.offset < b.offset : la < lb
            }
        }.map(\.element)
    }
}
