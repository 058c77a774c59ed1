/// The inputs of one fiscal year, cross-checked: every result names a known division, round and
/// indicator, keys are unique, weight moves point at indicators of the same division.
public struct FiscalYearData: Sendable {
    /// Fiscal year in Buddhist Era.
    public let year: Int
    /// Divisions in file order.
    public let divisions: [Division]
    /// Indicator rows of the year, by division id, sorted by indicator id (rows of one indicator in file order).
    public let indicators: [String: [Indicator]]
    /// Results of the year by division id.
    public let results: [String: [ReportedResult]]
    /// Projects of the year, in file order.
    public let projects: [Project]
    /// Divisions whose weights cannot be checked because rows of theirs were left out for errors.
    public var uncheckedWeights: Set<String> = []
    /// `division|round|indicator` of results left out for errors (no "missing result" warning for them).
    public var rejectedResults: Set<String> = []
    /// The `weight` column of indicators.csv (0 when absent): where weight problems are shown.
    public var weightColumn = 0
    /// The results file that names the year's rounds first, for problems of the whole year.
    public var firstResultsFile: String?

    /// Rounds that have at least one result, in order.
    public var roundsWithData: [Round] {
        Array(Set(results.values.joined().map(\.round))).sorted()
    }

    /// Indicator ids of a division in order, each once.
    public func indicatorIDs(of division: String) -> [IndicatorID] {
        var seen = Set<IndicatorID>()
        return (indicators[division] ?? []).compactMap { seen.insert($0.id).inserted ? $0.id : nil }
    }
}

/// Chooses the fiscal years a run builds and cuts the dataset into them.
public enum FiscalYearResolver {
    /// How the year was chosen, for the run's log.
    public enum Source: Equatable, Sendable {
        case option, yearColumn, reportDates, clock
    }

    /// The years to build: `--year` when given; else every year named in a `year` column; else the
    /// year the due and reported dates point to (a round's report is due after its period ends);
    /// else the fiscal year of `today`.
    public static func years(of dataset: Dataset, requested: Int?, today: CivilDate) -> (years: [Int], source: Source) {
        if let requested { return ([requested], .option) }
        let named = Set(dataset.indicators.compactMap(\.year) + dataset.results.compactMap(\.year) + dataset.projects.compactMap(\.year))
        if !named.isEmpty { return (named.sorted(), .yearColumn) }
        var votes: [Int: Int] = [:]
        for result in dataset.results {
            if let date = result.dueOn ?? result.reportedOn {
                votes[result.round.fiscalYear(reportedOn: date), default: 0] += 1
            }
        }
        if let best = votes.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) { return ([best.key], .reportDates) }
        let fiscal = today.month >= 10 ? today.year + 544 : today.year + 543
        return ([fiscal], .clock)
    }

    /// The rows of one year (rows without a year belong to every year), cross-checked.
    public static func slice(_ dataset: Dataset, year: Int, diagnostics: inout Diagnostics) -> FiscalYearData {
        func inYear(_ y: Int?) -> Bool { y == nil || y == year }
        let divisionIDs = Set(dataset.divisions.map(\.id))
        var indicators: [String: [Indicator]] = [:]
        var unchecked = Set(dataset.rejectedIndicators.compactMap { $0.split(separator: "|").first.map(String.init) })
        for row in dataset.indicators where inYear(row.year) {
            guard divisionIDs.contains(row.divisionID) else {
                diagnostics.error(dataset.location(row.location, "division_id"), "unknown division \"\(row.divisionID)\" (not in divisions.csv)")
                continue
            }
            if let clash = indicators[row.divisionID, default: []].first(where: { $0.id == row.id && overlap($0.rounds, row.rounds) }) {
                diagnostics.error(row.location, "indicator \(row.id) of \(row.divisionID) is listed twice for the same round(s) (first on line \(clash.location.line)); give each row its own rounds")
                unchecked.insert(row.divisionID)
                continue
            }
            indicators[row.divisionID, default: []].append(row)
        }
        for (division, rows) in indicators {
            let ids = Set(rows.map(\.id))
            for row in rows {
                for move in row.moves where !ids.contains(move.target) {
                    unchecked.insert(division)
                    if dataset.rejectedIndicators.contains("\(division)|\(move.target.value)") { continue }
                    diagnostics.error(dataset.location(row.location, "redistribute_to"), "indicator \(row.id) moves its weight to \(move.target), which \(division) does not have")
                }
            }
            let weighted = rows.filter { $0.weight != nil }
            if !weighted.isEmpty && weighted.count != rows.count, let first = rows.first(where: { $0.weight == nil }) {
                diagnostics.error(dataset.location(first.location, "weight"), "indicator \(first.id) of \(division) has no weight, but others of \(division) have; give every indicator a weight, or none")
            }
            indicators[division] = rows.enumerated().sorted { a, b in
                a.element.id == b.element.id ? a.offset < b.offset : a.element.id < b.element.id
            }.map(\.element)
        }

        var results: [String: [ReportedResult]] = [:]
        var seen: [String: SourceLocation] = [:]
        for result in dataset.results where inYear(result.year) {
            guard divisionIDs.contains(result.divisionID) else {
                diagnostics.error(dataset.location(result.location, "division_id"), "unknown division \"\(result.divisionID)\" (not in divisions.csv)")
                continue
            }
            let rows = indicators[result.divisionID] ?? []
            guard rows.contains(where: { $0.id == result.indicatorID }) else {
                if dataset.rejectedIndicators.contains("\(result.divisionID)|\(result.indicatorID.value)") { continue }
                if result.year != nil || !dataset.indicators.contains(where: { $0.divisionID == result.divisionID && $0.id == result.indicatorID }) {
                    diagnostics.error(dataset.location(result.location, "indicator_id"), "unknown indicator \(result.indicatorID) of \(result.divisionID) (not in indicators.csv)")
                }
                continue
            }
            let key = "\(result.divisionID)|\(result.round.code)|\(result.indicatorID.value)"
            if let first = seen[key] {
                let whereFirst = first.file == result.location.file ? "line \(first.line)" : "\(first)"
                diagnostics.error(result.location, "a second result for \(result.divisionID) \(result.indicatorID) in \(result.round) (first on \(whereFirst))")
                continue
            }
            seen[key] = result.location
            guard let rule = rows.first(where: { $0.id == result.indicatorID && $0.assesses(result.round) }) else {
                diagnostics.warning(result.location, "\(result.divisionID) \(result.indicatorID) is not assessed in \(result.round); this result is ignored")
                continue
            }
            switch rule.method {
            case .level:
                if result.level == nil && result.value == nil && result.numerator == nil {
                    diagnostics.warning(result.location, "no level given for \(result.divisionID) \(result.indicatorID) in \(result.round); it scores 0")
                }
                if result.level == nil, let value = result.value, !(0...5).contains(value) {
                    diagnostics.error(result.location, "\(result.indicatorID) is scored by level; \(NumberText.plain(value)) is outside 0–5")
                    continue
                }
            case .threshold, .targetRatio:
                if result.level != nil && result.value == nil && result.numerator == nil {
                    diagnostics.error(result.location, "\(result.indicatorID) is scored by \(rule.method.rawValue); give its result, not a level")
                    continue
                }
            }
            results[result.divisionID, default: []].append(result)
        }
        var data = FiscalYearData(year: year, divisions: dataset.divisions, indicators: indicators, results: results,
                                  projects: dataset.projects.filter { inYear($0.year) })
        data.uncheckedWeights = unchecked
        data.rejectedResults = dataset.rejectedResults
        data.weightColumn = dataset.indicators.first.flatMap { dataset.columns[$0.location.file]?["weight"] } ?? 0
        data.firstResultsFile = dataset.resultFiles.first
        return data
    }

    private static func overlap(_ a: RoundSet?, _ b: RoundSet?) -> Bool {
        guard let a, let b else { return true }
        return !a.isDisjoint(with: b)
    }
}
