/// What a unit's workbook is.
public enum UnitKind: String, Sendable, Hashable {
    /// A performance agreement: weights that sum to 100, a summary and a total per round.
    case agreement
    /// The department's own unit without an agreement: annexes only, no invented weights or total.
    case annexOnly
}

/// The validated inputs of a run: per fiscal year, the reported round and each unit with where its
/// rows are, so that a unit is read, scored, laid out and written, then let go. Only validation makes
/// one, and only when the inputs have no errors.
public struct Catalog: Sendable {
    /// The input files, by `InputFile.index`.
    public let files: [InputFile]
    /// Header bindings, by file index.
    let bindings: FileTable<HeaderBinding>
    /// The fiscal years to build, in order.
    public let years: [YearCatalog]
    /// How the years were chosen.
    public let yearSource: YearSource

    /// How a run's fiscal years were chosen.
    public enum YearSource: String, Sendable {
        case option, yearColumn, reportDates, clock
    }
}

/// One fiscal year of a run.
public struct YearCatalog: Sendable {
    /// Fiscal year (BE).
    public let year: Int
    /// The round reported: `--round`, else the latest round with results.
    public let round: Round
    /// Every round with data up to the reported one, in order.
    public let rounds: [Round]
    /// The units with rules this year, in the order of divisions.csv.
    public let units: [UnitEntry]
    /// The department's projects (seed 003), in file order; empty when there are none.
    public let projects: [Project]
    /// The department's name (its own unit's name), empty when no unit is the department.
    public let departmentName: String
}

/// A unit of a fiscal year, checked: its kind, its rounds and where its rows are.
public struct UnitEntry: Sendable {
    /// The unit.
    public let division: Division
    /// Agreement or annexes only.
    public let kind: UnitKind
    /// Rounds its workbook has a sheet for, in order: every round it reported in up to the reported
    /// round, and the reported round.
    public let rounds: [Round]
    /// True when its weights were checked in every round (an agreement): its workbook shows weight plans.
    let weighted: Bool
    /// Where its rules rows are.
    let ruleSpans: [RecordSpan]
    /// Where its result rows are.
    let resultSpans: [RecordSpan]
    /// The year of its rows in the files (nil when the files carry no year column).
    let ruleYear: Int?
    let resultYear: Int?

    /// Every span to read for the unit: rules first, then results.
    public var spans: [RecordSpan] { ruleSpans + resultSpans }
}

/// One unit's rows, read again and typed: what scoring and layout work on.
public struct UnitInputs: Sendable {
    /// The unit.
    public let division: Division
    /// Fiscal year (BE).
    public let fiscalYear: Int
    /// The reported round.
    public let round: Round
    /// Rounds its workbook shows, in order (the last is the reported round).
    public let rounds: [Round]
    /// Agreement or annexes only.
    public let kind: UnitKind
    /// Rules rows, by indicator id (rows of one indicator in file order).
    public let indicators: [Indicator]
    /// Results by round and indicator.
    public let results: [Round: [IndicatorID: ReportedResult]]
    /// Weight plans per round (agreement units).
    public let plans: [Round: WeightPlan]

    /// Indicator ids in order, each once.
    public let ids: [IndicatorID]
    /// Positions in `indicators` of each indicator's rows.
    private let positions: [IndicatorID: [Int]]

    /// A unit's typed rows.
    public init(division: Division, fiscalYear: Int, round: Round, rounds: [Round], kind: UnitKind, indicators: [Indicator],
                results: [Round: [IndicatorID: ReportedResult]], plans: [Round: WeightPlan]) {
        self.division = division
        self.fiscalYear = fiscalYear
        self.round = round
        self.rounds = rounds
        self.kind = kind
        self.indicators = indicators
        self.results = results
        self.plans = plans
        var positions: [IndicatorID: [Int]] = [:]
        var ids: [IndicatorID] = []
        for (i, row) in indicators.enumerated() {
            if positions[row.id] == nil { ids.append(row.id) }
            positions[row.id, default: []].append(i)
        }
        self.ids = ids
        self.positions = positions
    }

    /// The rules row that applies to an indicator in a round (nil when the round does not assess it).
    public func rule(_ id: IndicatorID, in round: Round) -> Indicator? {
        for i in positions[id] ?? [] where indicators[i].assesses(round) { return indicators[i] }
        return nil
    }

    /// The first rules row of an indicator (its name, weight, group).
    public func first(_ id: IndicatorID) -> Indicator? { positions[id]?.first.map { indicators[$0] } }

    /// The round that assesses an indicator that `round` does not: the first after it, else the first.
    public func assessingRound(_ id: IndicatorID, after round: Round) -> Round? {
        let rounds = (positions[id] ?? []).compactMap { indicators[$0].rounds }.flatMap { Array($0) }.sorted()
        return rounds.first { $0 > round } ?? rounds.first
    }
}

/// A unit's rows that no longer read as they did during validation: a file changed during the run.
public struct InputChanged: Error, Sendable, CustomStringConvertible {
    /// The file.
    public let file: String
    public var description: String { "\(file) changed while the run was reading it; run again" }
}

extension Catalog {
    /// Reads a unit's rows again (`read` returns the records of a span) and types them.
    public func load(_ unit: UnitEntry, of year: YearCatalog,
                     read: (RecordSpan) throws -> [InputRecord]) throws -> UnitInputs {
        var findings = Findings()
        var indicators: [Indicator] = []
        for span in unit.ruleSpans {
            let file = files[Int(span.file)]
            guard let binding = bindings[file.index] else { throw InputChanged(file: file.name) }
            for record in try read(span) {
                guard let row = RowParsers.indicator(record, binding, &findings) else { throw InputChanged(file: file.name) }
                guard row.division == unit.division.id.value, row.year == unit.ruleYear else { continue }
                indicators.append(row.indicator)
            }
        }
        // Sorted by id, rows of one indicator kept in file order.
        indicators = indicators.enumerated().sorted { a, b in
            a.element.id == b.element.id ? a.offset < b.offset : a.element.id < b.element.id
        }.map(\.element)
        var results: [Round: [IndicatorID: ReportedResult]] = [:]
        for span in unit.resultSpans {
            let file = files[Int(span.file)]
            guard let binding = bindings[file.index] else { throw InputChanged(file: file.name) }
            for record in try read(span) {
                guard let row = RowParsers.result(record, binding, &findings) else { throw InputChanged(file: file.name) }
                guard row.division == unit.division.id.value, row.year == unit.resultYear,
                      let rule = indicators.first(where: { $0.id == row.indicator && $0.assesses(row.round) }),
                      case .success(let measure) = RowParsers.measure(row, method: rule.rule.method) else { continue }
                results[row.round, default: [:]][row.indicator] = ReportedResult(
                    indicator: row.indicator, round: row.round, measure: measure, dueOn: row.dueOn,
                    reportedOn: row.reportedOn, note: row.note, location: row.location)
            }
        }
        // The weight plans, made again from the rows read (validation checked them and kept nothing).
        var plans: [Round: WeightPlan] = [:]
        if unit.weighted {
            var seen = Set<IndicatorID>()
            let ids = indicators.compactMap { seen.insert($0.id).inserted ? $0.id : nil }
            for r in unit.rounds { plans[r] = WeightPlan.make(indicators, ids: ids, round: r).plan }
        }
        return UnitInputs(division: unit.division, fiscalYear: year.year, round: year.round, rounds: unit.rounds, kind: unit.kind,
                          indicators: indicators, results: results, plans: plans)
    }
}
