import KPIReportCore

/// Reads the records of a span again, from the file it belongs to (the run's second look at a unit's
/// rows, after validation kept only where they are).
public struct RecordReader: Sendable {
    private let files: [CSVFile]

    /// A reader over the run's input files.
    public init(files: [CSVFile]) { self.files = files }

    /// The records of a span.
    public func records(in span: RecordSpan) throws(IOFailure) -> [InputRecord] {
        let i = Int(span.file)
        guard i >= 0, i < files.count else { throw IOFailure(.input, "read", "no input file \(i)") }
        return try files[i].records(in: span)
    }
}
