import Foundation
import KPIReportCore

/// One run of the tool, from an inputs folder to workbooks and manifests: read every CSV, build the
/// dataset, score each fiscal year, and (only when nothing is wrong) write the files atomically.
public enum Pipeline {
    /// What to do.
    public struct Request: Sendable {
        public var inputs: String
        public var outputs: String
        public var year: Int?
        public var round: Round?
        public var divisions: [String]
        public var departmentUnits: [String]
        public var encoding: TextEncoding?
        public var allowWeightGap: Bool
        public var thaiDigits: Bool
        /// Validate only; write nothing.
        public var checkOnly: Bool
        /// Today, for the fallback fiscal year (the core reads no clock).
        public var today: CivilDate

        /// Creates a request.
        public init(inputs: String, outputs: String, year: Int? = nil, round: Round? = nil, divisions: [String] = [],
                    departmentUnits: [String] = [], encoding: TextEncoding? = nil, allowWeightGap: Bool = false,
                    thaiDigits: Bool = false, checkOnly: Bool = false, today: CivilDate) {
            self.inputs = inputs
            self.outputs = outputs
            self.year = year
            self.round = round
            self.divisions = divisions
            self.departmentUnits = departmentUnits
            self.encoding = encoding
            self.allowWeightGap = allowWeightGap
            self.thaiDigits = thaiDigits
            self.checkOnly = checkOnly
            self.today = today
        }
    }

    /// What a run did.
    public struct Outcome: Sendable {
        /// Every problem found, sorted by place.
        public var diagnostics: [Diagnostic] = []
        /// One line per fiscal year built: year, round, folder and totals.
        public var reports: [Summary] = []
        /// Files written.
        public var written: [String] = []
        /// True when a file could not be written (the inputs were sound).
        public var writeFailed = false
        /// True when an error stopped the run.
        public var failed: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// A fiscal year's result, for the log.
    public struct Summary: Sendable {
        public let year: Int
        public let round: Round
        public let folder: String
        public let totals: [(division: String, total: Double)]
        public let yearSource: FiscalYearResolver.Source
    }

    /// The product's version, written into manifests.
    public static let version = "0.1.0"

    /// Runs a request.
    public static func run(_ request: Request) -> Outcome {
        var outcome = Outcome()
        var diagnostics = Diagnostics()
        let (tables, readProblems) = InputFolder.read(request.inputs, encoding: request.encoding)
        diagnostics.append(contentsOf: readProblems)
        let (dataset, rowProblems) = DatasetBuilder.build(tables)
        diagnostics.append(contentsOf: rowProblems)

        var reports: [YearReport] = []
        var sources: [Int: FiscalYearResolver.Source] = [:]
        // Cross-checks and scoring need every file read with its columns; otherwise they would only
        // repeat the problem in other words.
        if dataset.complete {
            let (years, source) = FiscalYearResolver.years(of: dataset, requested: request.year, today: request.today)
            if source == .clock {
                diagnostics.warning(nil, "no --year, no year column and no report dates: using the current fiscal year \(years[0])")
            }
            var options = ReportBuilder.Options(round: request.round, divisions: request.divisions,
                                                allowWeightGap: request.allowWeightGap, departmentUnits: request.departmentUnits)
            for year in years {
                var yearProblems = Diagnostics()
                let data = FiscalYearResolver.slice(dataset, year: year, diagnostics: &yearProblems)
                options.earlierErrors = diagnostics.hasErrors || yearProblems.hasErrors
                if let report = ReportBuilder.build(data, options: options, diagnostics: &yearProblems) {
                    reports.append(report)
                    sources[year] = source
                }
                // Rows without a year are checked once per year: report each problem once.
                for d in yearProblems.all where !diagnostics.all.contains(d) { diagnostics.append(contentsOf: [d]) }
            }
        }
        outcome.diagnostics = diagnostics.sorted
        if diagnostics.hasErrors || request.checkOnly {
            outcome.reports = reports.map { summary($0, request: request, source: sources[$0.fiscalYear] ?? .option) }
            return outcome
        }

        let warnings = diagnostics.warnings.map(\.description)
        for report in reports {
            let folder = folderPath(request.outputs, report)
            do {
                outcome.written += try write(report, to: folder, request: request, warnings: warnings)
            } catch {
                outcome.diagnostics.append(Diagnostic(.error, at: nil, "writing \(folder): \(error)"))
                outcome.writeFailed = true
                return outcome
            }
            outcome.reports.append(summary(report, request: request, source: sources[report.fiscalYear] ?? .option))
        }
        return outcome
    }

    static func folderPath(_ outputs: String, _ report: YearReport) -> String {
        URL(fileURLWithPath: outputs).appendingPathComponent(String(report.fiscalYear)).appendingPathComponent(report.round.code).path
    }

    private static func summary(_ report: YearReport, request: Request, source: FiscalYearResolver.Source) -> Summary {
        Summary(year: report.fiscalYear, round: report.round, folder: folderPath(request.outputs, report),
                totals: report.divisions.map { ($0.division.id, $0.current.total) }, yearSource: source)
    }

    /// Writes one year's workbooks and manifest; returns the paths written.
    static func write(_ report: YearReport, to folder: String, request: Request, warnings: [String]) throws -> [String] {
        let layout = LayoutOptions(thaiDigits: request.thaiDigits)
        let chosen = report.divisions.filter { request.divisions.isEmpty || request.divisions.contains($0.division.id) }
        var jobs: [(file: String, build: @Sendable () -> Workbook)] = chosen.map { d in
            ("\(d.division.id).xlsx", { DivisionWorkbook.build(d, year: report, options: layout) })
        }
        let departmentFile = request.divisions.isEmpty ? "department.xlsx" : nil
        if let departmentFile {
            jobs.append((departmentFile, { DepartmentWorkbook.build(report, options: layout) }))
        }
        let results = ParallelMap.map(jobs.map { ($0.file, $0.build) }) { job -> Result<Manifest.File, Error> in
            let path = folder + "/" + job.0
            do {
                try AtomicFile.write(path) { temporary in try XLSXWriter.write(job.1(), to: temporary) }
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                return .success(Manifest.File(path: job.0, sha256: SHA256.hex(data), bytes: data.count))
            } catch {
                return .failure(error)
            }
        }
        var files: [Manifest.File] = []
        for result in results { files.append(try result.get()) }
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        let written = Set(files.map(\.path))
        let manifest = Manifest(report: report, files: files, divisionFile: { written.contains("\($0).xlsx") ? "\($0).xlsx" : nil },
                                departmentFile: departmentFile,
                                warnings: warnings, version: version)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(manifest) + Data("\n".utf8)
        let manifestPath = folder + "/manifest.json"
        try AtomicFile.write(manifestPath, data: json)
        return files.map { folder + "/" + $0.path } + [manifestPath]
    }
}
