/// Everything one run computes for one fiscal year and its reporting round: the input of the
/// workbook layouts and of the manifest.
public struct YearReport: Sendable {
    /// A division's report: its scores in every round up to the reported one.
    public struct DivisionReport: Sendable {
        /// The division.
        public let division: Division
        /// Its indicator rows (the agreement), in order.
        public let agreement: [Indicator]
        /// Scores per round, in round order; the last is the reported round.
        public let rounds: [DivisionRound]
        /// The annex tables of the reported round.
        public let annexes: [AnnexTable]

        /// The reported round's scores.
        public var current: DivisionRound { rounds[rounds.count - 1] }
    }

    /// The department's own report (seed 003).
    public struct DepartmentReport: Sendable {
        /// The units that are the department itself (their indicators are its policy and plan KPIs).
        public let units: [Division]
        /// Annex tables of the reported round.
        public let annexes: [AnnexTable]
        /// Annex tables per monitoring round (every round with data up to the reported one).
        public let annexesByRound: [(round: Round, tables: [AnnexTable])]
        /// The projects of the reported round; nil when there are none.
        public let projects: ProjectSummary?
        /// Projects per monitoring round.
        public let projectsByRound: [ProjectSummary]
    }

    /// Fiscal year (BE).
    public let fiscalYear: Int
    /// The reported round.
    public let round: Round
    /// Rounds with data up to the reported one, in order.
    public let rounds: [Round]
    /// Every division with indicators, in the order of divisions.csv (the department's units included).
    public let divisions: [DivisionReport]
    /// The department's own report.
    public let department: DepartmentReport
    /// The department's name (the first unit that is the department, else กรม… default).
    public let departmentName: String

    /// Divisions ranked in the overview: all but the department's own units.
    public var rankedDivisions: [DivisionReport] { divisions.filter { !department.units.contains($0.division) } }
}

/// Scores a fiscal year.
public enum ReportBuilder {
    /// Options that change what is scored.
    public struct Options: Sendable {
        /// The round to report; nil = the latest round with data.
        public var round: Round?
        /// Only these divisions (empty = all).
        public var divisions: [String]
        /// Weight sums other than 100 are warnings instead of errors.
        public var allowWeightGap: Bool
        /// Units to treat as the department itself; empty = those named กรม….
        public var departmentUnits: [String]
        /// True when earlier stages found errors in the inputs: what follows from them (no results to
        /// report, indicators without a result) is not reported again.
        public var earlierErrors = false

        /// Creates options.
        public init(round: Round? = nil, divisions: [String] = [], allowWeightGap: Bool = false, departmentUnits: [String] = []) {
            self.round = round
            self.divisions = divisions
            self.allowWeightGap = allowWeightGap
            self.departmentUnits = departmentUnits
        }
    }

    /// Scores every division of the year in every round with data up to the reported round.
    /// Returns nil (with an error) when the year has nothing to report.
    public static func build(_ data: FiscalYearData, options: Options, diagnostics: inout Diagnostics) -> YearReport? {
        let withData = data.roundsWithData
        let projectRounds = Set(data.projects.compactMap(\.round))
        guard let round = options.round ?? (withData + projectRounds).max() else {
            if !options.earlierErrors {
                diagnostics.error(data.firstResultsFile.map { SourceLocation(file: $0, line: 1) },
                                  "fiscal year \(data.year) has no results to report (no result rows for it)")
            }
            return nil
        }
        for id in options.divisions where !data.divisions.contains(where: { $0.id == id }) {
            diagnostics.error(nil, "--division \(id): no such division in divisions.csv")
        }
        for id in options.departmentUnits where !data.divisions.contains(where: { $0.id == id }) {
            diagnostics.error(nil, "--department \(id): no such division in divisions.csv")
        }
        let rounds = Array(Set(withData.filter { $0 <= round } + [round])).sorted()
        let units = options.departmentUnits.isEmpty
            ? data.divisions.filter(\.isDepartment)
            : data.divisions.filter { options.departmentUnits.contains($0.id) }

        var divisions: [YearReport.DivisionReport] = []
        for division in data.divisions where data.indicators[division.id] != nil {
            if !options.divisions.isEmpty && !options.divisions.contains(division.id) && !units.contains(division) { continue }
            let own = data.results[division.id] ?? []
            let divisionRounds = rounds.filter { r in r == round || own.contains { $0.round == r } }
            var scored: [DivisionRound] = []
            for r in divisionRounds {
                // Problems of earlier rounds are reported too: their sheets are in the workbook.
                // The department's own indicators form annexes, not an agreement: their weights need not add up.
                scored.append(DivisionScorer.score(division, round: r, in: data, allowWeightGap: options.allowWeightGap,
                                                   checkWeights: !units.contains(division), diagnostics: &diagnostics))
            }
            guard let current = scored.last else { continue }
            let rejected = data.rejectedResults.contains { $0.hasPrefix("\(division.id)|\(round.code)|") }
            if options.earlierErrors {
                // Quiet: errors elsewhere come first.
            } else if !current.hasData && !rejected {
                diagnostics.warning(data.indicators[division.id]?.first?.location,
                                    "\(division.id) reported nothing for \(round); its workbook shows no results")
            } else {
                for indicator in current.indicators where indicator.isAssessed && indicator.result == nil
                    && !data.rejectedResults.contains("\(division.id)|\(round.code)|\(indicator.id.value)") {
                    diagnostics.warning(indicator.rule.location, "no result from \(division.id) for \(indicator.id) in \(round); it scores 0")
                }
            }
            let annexes = AnnexBuilder.tables(for: current, splitByFirstGroup: units.contains(division))
            divisions.append(.init(division: division, agreement: data.indicators[division.id] ?? [], rounds: scored,
                                   annexes: annexes))
        }

        let departmentDivisions = divisions.filter { units.contains($0.division) }
        let annexes = departmentDivisions.flatMap(\.annexes)
        var byRound: [(round: Round, tables: [AnnexTable])] = []
        for report in departmentDivisions {
            for scored in report.rounds where scored.hasData || scored.round == round {
                // An annex nobody reported for in a round has no success to show for it.
                let tables = AnnexBuilder.tables(for: scored, splitByFirstGroup: true)
                    .filter { $0.allIndicators.contains { $0.result != nil } }
                if let i = byRound.firstIndex(where: { $0.round == scored.round }) {
                    byRound[i].tables += tables
                } else {
                    byRound.append((scored.round, tables))
                }
            }
        }
        byRound.sort { $0.round < $1.round }
        let allProjectRounds = Array(Set(data.projects.compactMap(\.round)).filter { $0 <= round }).sorted()
        let projectsByRound = allProjectRounds.map { ProjectSummary.of(data.projects, round: $0) }
        let current = ProjectSummary.of(data.projects, round: round)
        let department = YearReport.DepartmentReport(units: units, annexes: annexes, annexesByRound: byRound,
                                                     projects: current.count == 0 ? nil : current,
                                                     projectsByRound: projectsByRound)
        return YearReport(fiscalYear: data.year, round: round, rounds: rounds, divisions: divisions,
                          department: department, departmentName: units.first?.name ?? "")
    }
}

extension YearReport {
    /// The rounds the monitoring sheet lists: those with department annex data or projects.
    public static func monitoringRounds(_ report: YearReport) -> [Round] {
        Array(Set(report.department.annexesByRound.map(\.round) + report.department.projectsByRound.compactMap(\.round))).sorted()
    }
}
