import KPIReportCore
import KPIReportIO

/// What one run is asked to do: the command's options, checked.
public struct Request: Sendable {
    public var inputs = "Inputs"
    public var outputs = "Outputs"
    public var year: Int?
    public var round: Round?
    /// `--division`: build only these units.
    public var divisions: [String] = []
    /// `--department`: units that are the department itself.
    public var departmentIDs: [String] = []
    public var encoding: TextEncoding?
    public var allowWeightGap = false
    public var strict = false
    public var thaiDigits = false
    public var pdf = false
    /// Workers building units side by side.
    public var jobs = 2
    /// `--shard K/N`.
    public var shard: Shard?
    /// `--merge`: the department workbook and manifest over the shards' units.
    public var merge = false
    /// Validate only.
    public var checkOnly = false
    /// Wait for another run to finish instead of stopping.
    public var wait = false
    /// Show a progress line (when standard error is a terminal).
    public var progress = false
    /// Today, for the fiscal year when nothing else names one.
    public var today: CivilDate

    /// A request with defaults.
    public init(today: CivilDate) { self.today = today }

    /// The options that change what is written, as the manifest records them.
    var recordedOptions: [String] {
        var out: [String] = []
        if let year { out.append("--year \(year)") }
        if let round { out.append("--round \(round.code)") }
        for d in divisions { out.append("--division \(d)") }
        for d in departmentIDs { out.append("--department \(d)") }
        if let encoding { out.append("--encoding \(encoding.rawValue)") }
        if allowWeightGap { out.append("--allow-weight-gap") }
        if strict { out.append("--strict") }
        if thaiDigits { out.append("--thai-digits") }
        if pdf { out.append("--pdf") }
        return out
    }
}

/// How a run ended, for the exit status.
public enum RunStatus: Equatable, Sendable {
    /// Done.
    case ok
    /// The inputs have errors (or warnings, with --strict): nothing was written.
    case inputErrors
    /// Writing or publishing failed: the previous set of files is intact.
    case notPublished
    /// Another run holds the outputs folder.
    case busy
}

/// What a run did.
public struct Outcome: Sendable {
    /// Every problem found in the inputs, sorted by place.
    public var findings: [Finding] = []
    /// One entry per round folder written.
    public var folders: [FolderSummary] = []
    /// Files written (workbooks, PDFs, manifests).
    public var filesWritten = 0
    /// How the run ended.
    public var status = RunStatus.ok
    /// The failure that stopped writing, with what it means for the outputs.
    public var failure: String?
    /// Seconds spent per stage, and the process's memory at its end (for `make bench`).
    public var timings: [Timing] = []

    /// One stage's time.
    public struct Timing: Sendable {
        public let stage: String
        public let seconds: Double
        /// The process's largest resident size so far, in bytes, when the stage ended.
        public let peak: Int?
        /// Its resident size when the stage ended, in bytes.
        public let resident: Int?
        /// What the allocator had committed from the system when the stage ended, in bytes.
        public let committed: Int?

        public init(_ stage: String, _ seconds: Double, peak: Int? = nil, resident: Int? = nil, committed: Int? = nil) {
            self.stage = stage
            self.seconds = seconds
            self.peak = peak
            self.resident = resident
            self.committed = committed
        }
    }
}

/// A round folder's result, for the console.
public struct FolderSummary: Sendable {
    public let year: Int
    public let round: Round
    public let folder: String
    /// Each unit's line: id, its total (agreement) or annexes' (C), and missing results.
    public let units: [UnitFigures]
    /// True when the folder was published (not a shard's share).
    public let published: Bool
}
