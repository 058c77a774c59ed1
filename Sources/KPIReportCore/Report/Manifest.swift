/// `manifest.json`: what a run wrote and the headline figures, for the scheduled job and for anyone
/// who checks a month's run against the last one.
public struct Manifest: Codable, Sendable, Equatable {
    /// One written file.
    public struct File: Codable, Sendable, Equatable {
        /// Path relative to the manifest's folder.
        public let path: String
        /// SHA-256 of the bytes, hex.
        public let sha256: String
        /// Size in bytes.
        public let bytes: Int

        /// Creates an entry.
        public init(path: String, sha256: String, bytes: Int) {
            self.path = path
            self.sha256 = sha256
            self.bytes = bytes
        }
    }

    /// (A), (B), (C) of an annex section.
    public struct Section: Codable, Sendable, Equatable {
        public let title: String
        public let count: Int
        public let A: Double
        public let B: Double
        public let C: Double

        init(title: String, _ totals: AnnexTotals) {
            self.title = title
            count = totals.count
            A = ExcelMath.round(totals.actual, 2)
            B = totals.full
            C = totals.percent
        }
    }

    /// An annex table with its sections.
    public struct Annex: Codable, Sendable, Equatable {
        public let title: String
        public let count: Int
        public let A: Double
        public let B: Double
        public let C: Double
        public let groups: [Section]

        init(_ table: AnnexTable) {
            let totals = table.totals
            title = table.title
            count = totals.count
            A = ExcelMath.round(totals.actual, 2)
            B = totals.full
            C = totals.percent
            groups = table.allGroups.map { Section(title: $0.title, $0.totals) }
        }
    }

    /// A division's figures.
    public struct Division: Codable, Sendable, Equatable {
        public let id: String
        public let name: String
        /// The total of the reported round (4 decimals).
        public let total: Double
        /// Σ effective weights of the reported round.
        public let weight: Double
        /// Totals of every round with data, by round code.
        public let totals: [String: Double]
        /// The annexes of the reported round.
        public let annexes: [Annex]
        /// The workbook, relative to the manifest; nil when this run did not write it (`--division`).
        public let file: String?
    }

    /// The projects' figures.
    public struct Projects: Codable, Sendable, Equatable {
        public let round: String?
        public let count: Int
        /// Projects per progress level, keyed "0", "25", "50", "75", "100".
        public let counts: [String: Int]
        public let score_sum: Int
        public let success: Double
        public let budget: Double
        public let disbursed: Double

        init(_ s: ProjectSummary) {
            round = s.round?.code
            count = s.count
            counts = Dictionary(uniqueKeysWithValues: zip(Project.progressLevels.map(String.init), s.countsByLevel))
            score_sum = s.scoreSum
            success = s.success
            budget = ExcelMath.round(s.budget, 2)
            disbursed = ExcelMath.round(s.disbursed, 2)
        }
    }

    /// One monitoring round.
    public struct Monitoring: Codable, Sendable, Equatable {
        public let round: String
        public let annexes: [Section]
        public let projects_success: Double?
    }

    /// The department's figures.
    public struct Department: Codable, Sendable, Equatable {
        public let name: String
        public let units: [String]
        public let annexes: [Annex]
        public let projects: Projects?
        public let monitoring: [Monitoring]
        public let file: String?
    }

    public let tool: String
    public let version: String
    public let fiscal_year: Int
    public let round: String
    public let rounds: [String]
    public let files: [File]
    public let divisions: [Division]
    public let department: Department
    public let warnings: [String]

    /// The manifest of a report; `files` lists what was written, `divisionFile` names each
    /// division's workbook and `departmentFile` the department's.
    public init(report: YearReport, files: [File], divisionFile: (String) -> String?, departmentFile: String?,
                warnings: [String], version: String) {
        tool = "kpi-report"
        self.version = version
        fiscal_year = report.fiscalYear
        round = report.round.code
        rounds = report.rounds.map(\.code)
        self.files = files
        divisions = report.divisions.map { d in
            Division(id: d.division.id, name: d.division.name, total: d.current.total, weight: d.current.totalWeight,
                     totals: Dictionary(uniqueKeysWithValues: d.rounds.map { ($0.round.code, $0.total) }),
                     annexes: d.annexes.map(Annex.init), file: divisionFile(d.division.id))
        }
        let dept = report.department
        department = Department(
            name: report.departmentName, units: dept.units.map(\.id), annexes: dept.annexes.map(Annex.init),
            projects: dept.projects.map(Projects.init),
            monitoring: YearReport.monitoringRounds(report).map { round in
                Monitoring(round: round.code,
                           annexes: (dept.annexesByRound.first { $0.round == round }?.tables ?? []).map { Section(title: $0.title, $0.totals) },
                           projects_success: dept.projectsByRound.first { $0.round == round }?.success)
            },
            file: departmentFile)
        self.warnings = warnings
    }
}

