import ArgumentParser
import Foundation
import KPIReportCore
import KPIReportIO

/// `kpi-report`: scores the divisions' CSV exports and writes the official workbooks.
@main
struct KPIReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi-report",
        abstract: "Turns divisions' CSV exports and the rules table into the official score workbooks (สรุปผลคะแนน, ภาคผนวก).",
        discussion: """
        With no arguments: build --inputs Inputs --outputs Outputs.
        Inputs (SPEC §1): divisions.csv, indicators.csv, results.csv or results/*.csv, projects.csv (optional).
        Outputs: <outputs>/<year>/<round>/<division_id>.xlsx, department.xlsx and manifest.json.
        Exit status: 0 done, 65 the inputs have errors (nothing written), 73 a file could not be written, 64 bad usage.
        """,
        version: Pipeline.version,
        subcommands: [Build.self, Check.self],
        defaultSubcommand: Build.self
    )
}

/// Typed exit statuses (sysexits.h).
enum Status {
    /// The inputs have errors; nothing was written.
    static let inputErrors = ExitCode(65)
    /// A file could not be written.
    static let cannotWrite = ExitCode(73)
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

    @Option(name: .customLong("department"), help: ArgumentHelp("Division id that is the department itself (its policy and plan KPIs form the department's annexes). Default: units named กรม….", valueName: "id"))
    var departmentUnits: [String] = []

    @Flag(help: "Report effective weights that do not sum to 100 as warnings instead of errors.")
    var allowWeightGap = false

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

    func request(outputs: String, divisions: [String], thaiDigits: Bool, checkOnly: Bool) -> Pipeline.Request {
        Pipeline.Request(inputs: inputs, outputs: outputs, year: year, round: round.flatMap { Round(code: $0) },
                         divisions: divisions, departmentUnits: departmentUnits,
                         encoding: encoding.flatMap { TextEncoding(name: $0) }, allowWeightGap: allowWeightGap,
                         thaiDigits: thaiDigits, checkOnly: checkOnly, today: Clock.today())
    }
}

extension KPIReport {
    /// `kpi-report build`.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate the inputs and write the workbooks and manifest.")

        @OptionGroup var input: InputOptions

        @Option(help: ArgumentHelp("Folder to write into.", valueName: "dir"))
        var outputs = "Outputs"

        @Option(name: .customLong("division"), help: ArgumentHelp("Write only this division's workbook (repeatable).", valueName: "id"))
        var divisions: [String] = []

        @Flag(help: "Show numbers in Thai digits (through the number format; values unchanged).")
        var thaiDigits = false

        @Flag(name: .shortAndLong, help: "Print only problems.")
        var quiet = false

        func run() throws {
            let outcome = Pipeline.run(input.request(outputs: outputs, divisions: divisions, thaiDigits: thaiDigits, checkOnly: false))
            Report.print(outcome, wrote: true, quiet: quiet)
            if outcome.writeFailed { throw Status.cannotWrite }
            if outcome.failed { throw Status.inputErrors }
        }
    }

    /// `kpi-report check`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate the inputs only; write nothing.")

        @OptionGroup var input: InputOptions

        func run() throws {
            let outcome = Pipeline.run(input.request(outputs: "", divisions: [], thaiDigits: false, checkOnly: true))
            Report.print(outcome, wrote: false, quiet: false)
            if outcome.failed { throw Status.inputErrors }
        }
    }
}

/// What the command prints: problems on standard error as `file:line:column: error: message`, the
/// figures on standard output.
enum Report {
    static func print(_ outcome: Pipeline.Outcome, wrote: Bool, quiet: Bool) {
        var errorStream = StandardError()
        for diagnostic in outcome.diagnostics { Swift.print(diagnostic, to: &errorStream) }
        let errors = outcome.diagnostics.filter { $0.severity == .error }.count
        let warnings = outcome.diagnostics.count - errors
        if errors > 0 {
            Swift.print("kpi-report: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"); nothing written", to: &errorStream)
            return
        }
        guard !quiet else { return }
        for summary in outcome.reports {
            let place = wrote ? " → \(summary.folder)" : ""
            Swift.print("ปีงบประมาณ \(summary.year) \(summary.round.code)\(place)")
            for (division, total) in summary.totals {
                Swift.print("  \(division.padding(toLength: 8, withPad: " ", startingAt: 0)) \(String(format: "%.4f", total))")
            }
        }
        if wrote { Swift.print("\(outcome.written.count) files written, \(warnings) warning\(warnings == 1 ? "" : "s")") }
        else { Swift.print("inputs are valid, \(warnings) warning\(warnings == 1 ? "" : "s")") }
    }
}

/// Standard error as a text stream.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}

/// The only place the tool reads the clock: for the fallback fiscal year.
enum Clock {
    /// Today in Thailand (UTC+7).
    static func today() -> CivilDate {
        CivilDate(daysSinceEpoch: Int((Date().timeIntervalSince1970 + 7 * 3600) / 86_400))
    }
}
