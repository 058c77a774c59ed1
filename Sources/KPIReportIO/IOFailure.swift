/// The one error of the IO layer: what was being done, on which path, and the system's or the
/// library's own message (strerror, lxw_strerror, libcsv, ICU, LibreOffice). The command maps it to an
/// exit status once, at the end.
public struct IOFailure: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is, for the exit status.
    public enum Kind: Sendable, Equatable {
        /// Reading the inputs failed (an unreadable file, a file that changed during the run).
        case input
        /// Writing or publishing the outputs failed.
        case output
        /// Another run holds the outputs folder.
        case busy
        /// A program the run needs (LibreOffice for --pdf) is missing or failed.
        case tool
    }

    /// What kind of failure it is.
    public let kind: Kind
    /// What was being done, e.g. "write SEC.xlsx".
    public let operation: String
    /// The path concerned; empty when none.
    public let path: String
    /// The system's or library's message.
    public let message: String

    /// Creates a failure.
    public init(_ kind: Kind, _ operation: String, path: String = "", _ message: String) {
        self.kind = kind
        self.operation = operation
        self.path = path
        self.message = message
    }

    public var description: String {
        path.isEmpty ? "\(operation): \(message)" : "\(operation) \(path): \(message)"
    }
}
