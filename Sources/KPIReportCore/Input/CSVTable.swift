/// A CSV file after parsing and decoding: its header and records, each record with the physical line
/// it starts on. The adapter that reads bytes produces it; the schema stage turns it into the model.
public struct CSVTable: Sendable {
    /// One record (row) of the file.
    public struct Record: Sendable {
        /// Physical line (1-based) where the record starts.
        public let line: Int
        /// The fields, decoded to text, unquoted.
        public let fields: [String]

        /// Creates a record.
        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    /// The file as it is named in messages.
    public let file: String
    /// Fields of the header row.
    public let header: [String]
    /// Physical line of the header row (1 unless blank lines precede it).
    public let headerLine: Int
    /// The data records.
    public let records: [Record]

    /// Creates a table.
    public init(file: String, header: [String], headerLine: Int = 1, records: [Record]) {
        self.file = file
        self.header = header
        self.headerLine = headerLine
        self.records = records
    }
}

/// The tables of one inputs folder, as the reader found them (SPEC §1).
public struct InputTables: Sendable {
    /// `divisions.csv`.
    public var divisions: CSVTable?
    /// `indicators.csv`.
    public var indicators: CSVTable?
    /// `results.csv`, or every file of `results/`, in file-name order.
    public var results: [CSVTable]
    /// `projects.csv`, when present.
    public var projects: CSVTable?

    /// Creates the set.
    public init(divisions: CSVTable? = nil, indicators: CSVTable? = nil, results: [CSVTable] = [],
                projects: CSVTable? = nil) {
        self.divisions = divisions
        self.indicators = indicators
        self.results = results
        self.projects = projects
    }
}
