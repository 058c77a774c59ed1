import ArgumentParser
import Glibc
import FoundationEssentials
import KPIReportApp
import KPIReportCore
import KPIReportIO

/// `kpi-report`: scores the units' CSV exports and writes the official workbooks.
@main
struct KPIReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi-report",
        abstract: "Turns the units' CSV exports and the rules table into the official score workbooks (สรุปผลคะแนน, ภาคผนวก).",
        discussion: """
        With no arguments: build --inputs Inputs --outputs Outputs.
        Inputs (SPEC §1): divisions.csv, indicators.csv, results.csv or results/*.csv, projects.csv (optional).
        Outputs: <outputs>/<year>/<round>/<division_id>.xlsx, department.xlsx and manifest.json, published together.
        Exit status: 0 done; 64 bad usage; 65 the inputs have errors (nothing written); 73 the outputs could not be
        written or published (the previous set is intact); 75 another run holds the outputs folder.
        """,
        version: Run.version,
        subcommands: [Build.self, Check.self],
        defaultSubcommand: Build.self
    )
}

/// Exit statuses (sysexits.h).
enum Status {
    static let inputErrors = ExitCode(65)
    static let notPublished = ExitCode(73)
    static let busy = ExitCode(75)
}

/// Options shared by `build` and `check`.
struct InputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder with the input CSV files.", valueName: "dir"))
    var inputs = "Inputs"

    @Option(help: ArgumentHelp("Fiscal year in Buddhist Era (2566 = 1 Oct 2022 – 30 Sep 2023). Default: the year column, else the report dates.", valueName: "BE"))
    var year: Int?

    @Option(help: ArgumentHelp("Round to report (R6, R12, Q1…Q4, M01…M12). Default: the latest with data.", valueName: "round"))
    var round: String?

    @Option(help: ArgumentHelp("Encoding of the CSV files: utf-8 or cp874 (Windows-874/TIS-620). Default: detected per file.", valueName: "name"))
    var encoding: String?

    @Option(name: .customLong("department"), help: ArgumentHelp("Unit that is the department itself (its policy and plan KPIs form the department's annexes). Default: units named กรม….", valueName: "id"))
    var departmentIDs: [String] = []

    @Flag(help: "Report effective weights that do not sum to 100 as warnings instead of errors.")
    var allowWeightGap = false

    @Flag(help: "Treat every warning as an error (a scheduled job that must not publish incomplete data).")
    var strict = false

    func validate() throws {
        if let year, !(2400...2700).contains(year) {
            throw ValidationError("--year \(year) is not a Buddhist-Era fiscal year (e.g. 2566)")
        }
        if let round, Round(code: round) == nil {
            throw ValidationError("--round \(round) is not a round (R6, R12, Q1…Q4, M01…M12)")
        }
        if let encoding, TextEncoding(name: encoding) == nil {
            throw ValidationError("--encoding \(encoding) is not utf-8 or cp874")
        }
    }

    func request() -> Request {
        var r = Request(today: Clock.today())
        r.inputs = inputs
        r.year = year
        r.round = round.flatMap { Round(code: $0) }
        r.encoding = encoding.flatMap { TextEncoding(name: $0) }
        r.departmentIDs = departmentIDs
        r.allowWeightGap = allowWeightGap
        r.strict = strict
        return r
    }
}

extension KPIReport {
    /// `kpi-report build`.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate the inputs, write the workbooks and manifest, publish them together.")

        @OptionGroup var input: InputOptions

        @Option(help: ArgumentHelp("Folder to write into.", valueName: "dir"))
        var outputs = "Outputs"

        @Option(name: .customLong("division"), help: ArgumentHelp("Write only this unit's workbook (repeatable); the folder's other files are kept.", valueName: "id"))
        var divisions: [String] = []

        @Flag(help: "Show numbers in Thai digits (through the number format; values unchanged).")
        var thaiDigits = false

        @Flag(help: "Also write each workbook as a PDF (needs LibreOffice), ready to attach to a memo.")
        var pdf = false

        @Option(help: ArgumentHelp("Units built side by side (default: the number of cores).", valueName: "n"))
        var jobs: Int?

        @Option(help: ArgumentHelp("Build only slice K of N of the units (0 ≤ K < N), into the run's shared staging folder; finish with --merge.", valueName: "K/N"))
        var shard: String?

        @Flag(help: "After all shards: write the department workbook and the manifest, and publish.")
        var merge = false

        @Flag(help: "Wait for another run on the same outputs folder to finish instead of stopping (exit 75).")
        var wait = false

        @Flag(name: .shortAndLong, help: "Print only problems.")
        var quiet = false

        @Flag(help: .hidden)
        var timings = false

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError("--jobs \(jobs): give at least 1") }
            if let shard, Shard(shard) == nil { throw ValidationError("--shard \(shard) is not K/N with 0 ≤ K < N") }
            if shard != nil && merge { throw ValidationError("--shard and --merge are separate steps: run the shards, then --merge") }
            if (shard != nil || merge) && !divisions.isEmpty { throw ValidationError("--division cannot be combined with --shard or --merge") }
        }

        func run() throws {
            var request = input.request()
            request.outputs = outputs
            request.divisions = divisions
            request.thaiDigits = thaiDigits
            request.pdf = pdf
            request.jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
            request.shard = shard.flatMap(Shard.init)
            request.merge = merge
            request.wait = wait
            request.progress = !quiet
            Console.captureLibraryOutput()
            let outcome = Run.execute(request)
            Console.finish()
            Report.print(outcome, wrote: true, quiet: quiet, timings: timings)
            try Report.exit(outcome)
        }
    }

    /// `kpi-report check`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate the inputs only; write nothing.")

        @OptionGroup var input: InputOptions

        func run() throws {
            var request = input.request()
            request.checkOnly = true
            let outcome = Run.execute(request)
            Report.print(outcome, wrote: false, quiet: false, timings: false)
            try Report.exit(outcome)
        }
    }
}

/// What the command prints: problems on standard error as `file:line:column: error: message`, the
/// figures on standard output.
enum Report {
    static func print(_ outcome: Outcome, wrote: Bool, quiet: Bool, timings: Bool) {
        for finding in outcome.findings { Console.error(finding.description) }
        let errors = outcome.findings.filter { $0.severity == .error }.count
        let warnings = outcome.findings.count - errors
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        if outcome.status == .inputErrors {
            Console.error("kpi-report: \(plural(errors, "error")), \(plural(warnings, "warning")); nothing written")
            return
        }
        if let failure = outcome.failure {
            Console.error("kpi-report: error: \(failure)")
            return
        }
        if timings {
            for timing in outcome.timings {
                var line = "timing: \(timing.stage): \(fixed(timing.seconds, 3)) s"
                if let peak = timing.peak {
                    line += " (resident \(fixed(Double(timing.resident ?? 0) / 1e6, 1)) MB, peak \(fixed(Double(peak) / 1e6, 1)) MB,"
                        + " allocator \(fixed(Double(timing.committed ?? 0) / 1e6, 1)) MB)"
                }
                Console.error(line)
            }
        }
        guard !quiet else { return }
        for folder in outcome.folders {
            Console.out("ปีงบประมาณ \(folder.year) \(folder.round.code)" + (wrote && !folder.folder.isEmpty ? " → \(folder.folder)\(folder.published ? "" : " (staged for --merge)")" : ""))
            for unit in folder.units {
                let id = unit.division.id.value
                var line = "  " + String(id.prefix(8)) + String(repeating: " ", count: max(0, 8 - id.count))
                if let total = unit.totals.last(where: { $0.round <= folder.round })?.total, unit.kind == .agreement {
                    line += " " + fixed(total, 4)
                } else {
                    line += " " + unit.annexes.map { fixed($0.percent, 2) + "%" }.joined(separator: " ")
                }
                if unit.missingResults > 0 { line += "  (\(plural(unit.missingResults, "result")) missing)" }
                Console.out(line)
            }
        }
        if wrote { Console.out("\(plural(outcome.filesWritten, "file")) written, \(plural(warnings, "warning"))") }
        else { Console.out("inputs are valid, \(plural(warnings, "warning"))") }
    }

    /// `x` with `decimals` digits after the point, as printf's `%.Nf` writes it.
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = withVaList([x]) { arguments in vsnprintf(&buffer, buffer.count, "%.\(decimals)f", arguments) }
        guard count > 0 else { return "\(x)" }
        return String(decoding: buffer.prefix(min(Int(count), buffer.count - 1)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func exit(_ outcome: Outcome) throws {
        switch outcome.status {
        case .ok: return
        case .inputErrors: throw Status.inputErrors
        case .notPublished: throw Status.notPublished
        case .busy: throw Status.busy
        }
    }
}

/// The only place the tool reads the clock: for the fallback fiscal year.
enum Clock {
    /// Today in Thailand (UTC+7).
    static func today() -> CivilDate {
        CivilDate(daysSinceEpoch: Int((Date().timeIntervalSince1970 + 7 * 3600) / 86_400))
    }
}
