/// Everything read from an inputs folder, row by row, each value parsed; cross-references are checked
/// per fiscal year by `FiscalYearData`.
public struct Dataset: Sendable {
    /// `divisions.csv`, in file order.
    public var divisions: [Division]
    /// `indicators.csv` rows, in file order.
    public var indicators: [Indicator]
    /// Every results row, files in name order, rows in file order.
    public var results: [ReportedResult]
    /// Projects, merged per project and round, in file order.
    public var projects: [Project]
    /// For each file, its canonical column names and their 1-based columns: locates a field of a row.
    public var columns: [String: [String: Int]]
    /// `division|indicator` of indicator rows left out for errors: what refers to them is not reported again.
    public var rejectedIndicators: Set<String> = []
    /// `division|round|indicator` of result rows left out for errors.
    public var rejectedResults: Set<String> = []
    /// False when a file could not be read or lacks a required column: then nothing is cross-checked.
    public var complete = true
    /// The results files read, in order.
    public var resultFiles: [String] = []

    /// Creates a dataset.
    public init(divisions: [Division], indicators: [Indicator], results: [ReportedResult], projects: [Project],
                columns: [String: [String: Int]] = [:]) {
        self.divisions = divisions
        self.indicators = indicators
        self.results = results
        self.projects = projects
        self.columns = columns
    }

    /// The location of a named field in the row at `row`.
    public func location(_ row: SourceLocation, _ column: String) -> SourceLocation {
        SourceLocation(file: row.file, line: row.line, column: columns[row.file]?[column] ?? 0)
    }
}

/// Turns the tables of an inputs folder into a `Dataset`, recording every problem with its
/// file:line:column. Rows with errors are left out; the caller stops when there are errors.
public struct DatasetBuilder {
    private var diagnostics = Diagnostics()
    private var columns: [String: [String: Int]] = [:]
    private var rejectedIndicators: Set<String> = []
    private var rejectedResults: Set<String> = []
    private var complete = true

    /// Reads all tables.
    public static func build(_ tables: InputTables) -> (Dataset, [Diagnostic]) {
        var builder = DatasetBuilder()
        let dataset = builder.read(tables)
        return (dataset, builder.diagnostics.all)
    }

    private mutating func read(_ tables: InputTables) -> Dataset {
        var divisions: [Division] = []
        var indicators: [Indicator] = []
        var results: [ReportedResult] = []
        var projects: [Project] = []
        if let table = tables.divisions, let bound = bind(table, Schema.divisions) {
            divisions = readDivisions(bound)
        }
        if let table = tables.indicators, let bound = bind(table, Schema.indicators) {
            indicators = bound.table.records.compactMap { readIndicator($0, bound) }
        }
        for table in tables.results {
            if let bound = bind(table, Schema.results) {
                if !(bound.has("result") || bound.has("numerator") || bound.has("level")) {
                    diagnostics.error(SourceLocation(file: table.file, line: table.headerLine),
                                      "no result column: give \"result\", \"numerator\" and \"denominator\", or \"level\"")
                    complete = false
                    continue
                }
                if bound.has("numerator") != bound.has("denominator") {
                    diagnostics.error(SourceLocation(file: table.file, line: table.headerLine),
                                      "\"numerator\" and \"denominator\" go together; one of them is missing")
                    complete = false
                    continue
                }
                results += bound.table.records.compactMap { readResult($0, bound) }
            }
        }
        if let table = tables.projects, let bound = bind(table, Schema.projects) {
            projects = readProjects(bound)
        }
        var dataset = Dataset(divisions: divisions, indicators: indicators, results: results, projects: projects,
                              columns: columns)
        dataset.rejectedIndicators = rejectedIndicators
        dataset.rejectedResults = rejectedResults
        dataset.complete = complete && tables.divisions != nil && tables.indicators != nil && !tables.results.isEmpty
        dataset.resultFiles = tables.results.map(\.file)
        return dataset
    }

    private mutating func bind(_ table: CSVTable, _ schema: [Column]) -> BoundTable? {
        guard let bound = BoundTable(table, schema: schema, diagnostics: &diagnostics) else {
            complete = false
            return nil
        }
        columns[table.file] = bound.index.mapValues { $0 + 1 }
        return bound
    }

    // MARK: Divisions

    private mutating func readDivisions(_ t: BoundTable) -> [Division] {
        var seen: [String: Int] = [:]
        var out: [Division] = []
        for record in t.table.records {
            let id = t.field(record, "division_id").trimmingASCIIAndThaiSpaces()
            let name = t.field(record, "name").trimmingASCIIAndThaiSpaces()
            var ok = true
            if id.isEmpty {
                diagnostics.error(t.location(record, "division_id"), "division_id is empty")
                ok = false
            } else if !id.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }) {
                diagnostics.error(t.location(record, "division_id"),
                                  "division_id \"\(ValueParser.shown(id))\" may hold only A-Z, a-z, 0-9, _ and - (it names the division's workbook file)")
                ok = false
            } else if let first = seen[id] {
                diagnostics.error(t.location(record, "division_id"), "division \(id) is listed twice (first on line \(first))")
                ok = false
            }
            if name.isEmpty {
                diagnostics.error(t.location(record, "name"), "division \(id) has no name")
                ok = false
            }
            guard ok else { continue }
            seen[id] = record.line
            out.append(Division(id: id, name: name, shortName: t.field(record, "short_name").trimmingASCIIAndThaiSpaces(),
                                location: t.location(record)))
        }
        return out
    }

    // MARK: Indicators

    private mutating func readIndicator(_ record: CSVTable.Record, _ t: BoundTable) -> Indicator? {
        var ok = true
        func text(_ column: String) -> String { t.field(record, column).trimmingASCIIAndThaiSpaces() }
        func number(_ column: String) -> Double? { parsed(record, t, column, &ok, ValueParser.number) }
        let year = readYear(record, t, &ok)
        let division = text("division_id")
        if division.isEmpty { diagnostics.error(t.location(record, "division_id"), "division_id is empty"); ok = false }
        let id = IndicatorID(t.field(record, "indicator_id"))
        if id.value.isEmpty { diagnostics.error(t.location(record, "indicator_id"), "indicator_id is empty"); ok = false }
        let name = text("name")
        if name.isEmpty { diagnostics.error(t.location(record, "name"), "indicator \(id) has no name"); ok = false }

        let methodText = text("method").lowercased()
        let method = ScoringMethod(rawValue: methodText.replacingOccurrences(of: "-", with: "_"))
        if method == nil {
            diagnostics.error(t.location(record, "method"),
                              methodText.isEmpty ? "method is empty (threshold, target_ratio or level)"
                                  : "unknown method \"\(ValueParser.shown(methodText))\" (threshold, target_ratio or level)")
            ok = false
        }
        let directionText = text("direction").lowercased()
        let direction = directionText.isEmpty ? Direction.higher : Direction(text: directionText)
        if direction == nil {
            diagnostics.error(t.location(record, "direction"), "direction \"\(ValueParser.shown(directionText))\" is neither higher nor lower")
            ok = false
        }
        let weight = number("weight")
        if let weight, weight < 0 { diagnostics.error(t.location(record, "weight"), "weight \(weight) is negative"); ok = false }
        let target = number("target")
        let latePenalty = number("late_penalty") ?? 0
        if latePenalty < 0 { diagnostics.error(t.location(record, "late_penalty"), "late_penalty is negative"); ok = false }

        var criteria: [Double] = []
        let criteriaCells = (1...5).map { number("t\($0)") }
        if method == .threshold, ok {
            if let missing = criteriaCells.firstIndex(where: { $0 == nil }) {
                diagnostics.error(t.has("t\(missing + 1)") ? t.location(record, "t\(missing + 1)") : t.location(record),
                                  "threshold indicator \(id) needs five criteria t1…t5; t\(missing + 1) is empty")
                ok = false
            } else {
                criteria = criteriaCells.compactMap { $0 }
                let lower = direction == .lower
                if let bad = (1..<5).first(where: { lower ? !(criteria[$0] < criteria[$0 - 1]) : !(criteria[$0] > criteria[$0 - 1]) }) {
                    let shown = criteria.map(NumberText.plain).joined(separator: " ")
                    diagnostics.error(t.location(record, "t\(bad + 1)"),
                                      "criteria of \(id) are not strictly \(lower ? "decreasing (direction lower)" : "increasing"): \(shown); t\(bad + 1) = \(NumberText.plain(criteria[bad])) after t\(bad) = \(NumberText.plain(criteria[bad - 1]))")
                    ok = false
                }
            }
        }
        if method == .targetRatio {
            if let target {
                if target == 0 && direction != .lower {
                    diagnostics.error(t.location(record, "target"), "target of \(id) is 0; a ratio to it cannot be taken"); ok = false
                }
                if direction == .lower && target >= 100 {
                    diagnostics.error(t.location(record, "target"), "target of \(id) is \(NumberText.plain(target)); a lower-is-better percentage target must be below 100"); ok = false
                }
            } else if ok {
                diagnostics.error(t.has("target") ? t.location(record, "target") : t.location(record),
                                  "target_ratio indicator \(id) needs a target"); ok = false
            }
        }

        var rounds: RoundSet?
        let roundsText = text("rounds")
        if !roundsText.isEmpty {
            var set = RoundSet()
            for code in roundsText.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " }) {
                if let round = Round(code: String(code)) { set.insert(round) } else {
                    diagnostics.error(t.location(record, "rounds"), "unknown round \"\(ValueParser.shown(String(code)))\" (R6, R12, Q1…Q4, M01…M12)")
                    ok = false
                }
            }
            rounds = set
        }
        let moves = readMoves(text("redistribute_to"), weight: weight, at: t.location(record, "redistribute_to"), id: id, &ok)
        let group = text("group").split(separator: ">").map { String($0).trimmingASCIIAndThaiSpaces() }.filter { !$0.isEmpty }
        guard ok, let method, let direction else {
            rejectedIndicators.insert("\(division)|\(id.value)")
            return nil
        }
        return Indicator(year: year, divisionID: division, id: id, name: name, unit: text("unit"), weight: weight,
                         method: method, direction: direction, criteria: criteria, target: target, rounds: rounds,
                         group: group, moves: moves, latePenalty: latePenalty, note: text("note"),
                         location: t.location(record))
    }

    private mutating func readMoves(_ text: String, weight: Double?, at location: SourceLocation, id: IndicatorID,
                                    _ ok: inout Bool) -> [WeightMove] {
        guard !text.isEmpty else { return [] }
        var moves: [WeightMove] = []
        let parts = text.split(separator: ";").map { String($0).trimmingASCIIAndThaiSpaces() }.filter { !$0.isEmpty }
        for part in parts {
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            let target = IndicatorID(String(pieces[0]))
            guard !target.value.isEmpty, pieces.count <= 2 else {
                diagnostics.error(location, "redistribute_to \"\(ValueParser.shown(text))\" is not of the form 6.1 or 2.2:5;2.3:5")
                ok = false
                return []
            }
            if target == id {
                diagnostics.error(location, "indicator \(id) cannot move its weight to itself"); ok = false
            }
            if pieces.count == 2 {
                do throws(ValueParser.Invalid) {
                    guard let amount = try ValueParser.number(String(pieces[1])), amount > 0 else {
                        diagnostics.error(location, "redistribute_to: the amount for \(target) must be a positive number"); ok = false
                        continue
                    }
                    moves.append(WeightMove(target: target, amount: amount))
                } catch {
                    diagnostics.error(location, "redistribute_to: \(error.message)"); ok = false
                }
            } else {
                moves.append(WeightMove(target: target, amount: nil))
            }
        }
        if moves.count > 1 && moves.contains(where: { $0.amount == nil }) {
            diagnostics.error(location, "redistribute_to: when the weight is split, give each part an amount (2.2:5;2.3:5)"); ok = false
        } else if moves.count >= 1, moves.allSatisfy({ $0.amount != nil }) {
            let sum = moves.compactMap(\.amount).reduce(0, +)
            if let weight, abs(sum - weight) > 1e-9 {
                diagnostics.error(location, "redistribute_to moves \(NumberText.plain(sum)) but indicator \(id) weighs \(NumberText.plain(weight))"); ok = false
            }
        }
        if Set(moves.map(\.target)).count != moves.count {
            diagnostics.error(location, "redistribute_to names an indicator twice"); ok = false
        }
        return moves
    }

    // MARK: Results

    private mutating func readResult(_ record: CSVTable.Record, _ t: BoundTable) -> ReportedResult? {
        var ok = true
        func text(_ column: String) -> String { t.field(record, column).trimmingASCIIAndThaiSpaces() }
        func number(_ column: String) -> Double? { parsed(record, t, column, &ok, ValueParser.number) }
        func date(_ column: String) -> CivilDate? { parsed(record, t, column, &ok, ValueParser.date) }
        let year = readYear(record, t, &ok)
        let division = text("division_id")
        if division.isEmpty { diagnostics.error(t.location(record, "division_id"), "division_id is empty"); ok = false }
        let roundText = text("round")
        let round = Round(code: roundText)
        if round == nil {
            diagnostics.error(t.location(record, "round"), roundText.isEmpty ? "round is empty (R6, R12, Q1…Q4, M01…M12)"
                                  : "unknown round \"\(ValueParser.shown(roundText))\" (R6, R12, Q1…Q4, M01…M12)")
            ok = false
        }
        let id = IndicatorID(t.field(record, "indicator_id"))
        if id.value.isEmpty { diagnostics.error(t.location(record, "indicator_id"), "indicator_id is empty"); ok = false }
        let value = number("result")
        let numerator = number("numerator")
        let denominator = number("denominator")
        let level = number("level")
        if (numerator == nil) != (denominator == nil) {
            diagnostics.error(t.location(record, numerator == nil ? "numerator" : "denominator"),
                              "give both numerator and denominator, or neither"); ok = false
        }
        if denominator == 0 { diagnostics.error(t.location(record, "denominator"), "denominator is 0"); ok = false }
        if let level, !(0...5).contains(level) {
            diagnostics.error(t.location(record, "level"), "level \(NumberText.plain(level)) is outside 0–5"); ok = false
        }
        if value != nil && numerator != nil {
            diagnostics.error(t.location(record, "result"), "give result or numerator/denominator, not both"); ok = false
        }
        let due = date("due_on")
        let reported = date("reported_on")
        guard ok, let round else {
            rejectedResults.insert("\(division)|\(round?.code ?? roundText)|\(id.value)")
            return nil
        }
        return ReportedResult(year: year, divisionID: division, round: round, indicatorID: id, value: value,
                              numerator: numerator, denominator: denominator, level: level, dueOn: due,
                              reportedOn: reported, note: text("note"), location: t.location(record))
    }

    // MARK: Projects

    private mutating func readProjects(_ t: BoundTable) -> [Project] {
        struct Draft {
            var year: Int?, id: String, plan: String, name: String, responsible: String
            var indicators: [Project.ProjectIndicator], budget: Double?, disbursed: Double?
            var round: Round?, progress: Int?, location: SourceLocation
        }
        var drafts: [Draft] = []
        var index: [String: Int] = [:]
        for record in t.table.records {
            var ok = true
            func text(_ column: String) -> String { t.field(record, column).trimmingASCIIAndThaiSpaces() }
            func number(_ column: String) -> Double? {
                let raw = text(column)
                if raw == ThaiLabels.noBudget || raw == "ไม่ใช่งบประมาณ" { return nil }
                return parsed(record, t, column, &ok, ValueParser.number)
            }
            let year = readYear(record, t, &ok)
            let id = ThaiDigits.toASCII(text("project_id"))
            if id.isEmpty { diagnostics.error(t.location(record, "project_id"), "project_id is empty"); ok = false }
            let roundText = text("round")
            var round: Round?
            if !roundText.isEmpty {
                round = Round(code: roundText)
                if round == nil { diagnostics.error(t.location(record, "round"), "unknown round \"\(ValueParser.shown(roundText))\""); ok = false }
            }
            var progress: Int?
            if let p = number("progress") {
                if let level = Project.progressLevels.first(where: { Double($0) == p }) { progress = level } else {
                    diagnostics.error(t.location(record, "progress"), "progress \(NumberText.plain(p)) is not one of 0, 25, 50, 75, 100"); ok = false
                }
            }
            let budget = number("budget"), disbursed = number("disbursed")
            for (column, value) in [("budget", budget), ("disbursed", disbursed)] where (value ?? 0) < 0 {
                diagnostics.error(t.location(record, column), "\(column) is negative"); ok = false
            }
            guard ok else { continue }
            let line = Project.ProjectIndicator(text: text("indicator"), target: text("target"))
            let key = "\(year.map(String.init) ?? "")|\(id)|\(round?.code ?? "")"
            if let i = index[key] {
                // A further row of the same project: one more indicator line.
                if !line.text.isEmpty || !line.target.isEmpty { drafts[i].indicators.append(line) }
                if let progress {
                    if let first = drafts[i].progress, first != progress {
                        diagnostics.error(t.location(record, "progress"),
                                          "project \(id) has progress \(first) on line \(drafts[i].location.line) and \(progress) here"); continue
                    }
                    drafts[i].progress = progress
                }
                if budget != nil || disbursed != nil {
                    if drafts[i].budget != nil || drafts[i].disbursed != nil {
                        diagnostics.error(t.location(record, budget != nil ? "budget" : "disbursed"),
                                          "project \(id) already has its budget on line \(drafts[i].location.line); give it once"); continue
                    }
                    drafts[i].budget = budget
                    drafts[i].disbursed = disbursed
                }
                let name = text("name")
                if !name.isEmpty && name != drafts[i].name {
                    diagnostics.error(t.location(record, "name"), "project \(id) is named differently on line \(drafts[i].location.line)")
                }
            } else {
                let name = text("name")
                if name.isEmpty { diagnostics.error(t.location(record, "name"), "project \(id) has no name"); continue }
                index[key] = drafts.count
                drafts.append(Draft(year: year, id: id, plan: text("plan"), name: name, responsible: text("division"),
                                    indicators: line.text.isEmpty && line.target.isEmpty ? [] : [line],
                                    budget: budget, disbursed: disbursed, round: round, progress: progress,
                                    location: t.location(record)))
            }
        }
        var projects: [Project] = []
        for d in drafts {
            guard let progress = d.progress else {
                diagnostics.error(SourceLocation(file: d.location.file, line: d.location.line), "project \(d.id) has no progress (0, 25, 50, 75 or 100)")
                continue
            }
            projects.append(Project(year: d.year, id: d.id, plan: d.plan, name: d.name, responsible: d.responsible,
                                    indicators: d.indicators, budget: d.budget, disbursed: d.disbursed, round: d.round,
                                    progress: progress, location: d.location))
        }
        return projects
    }

    // MARK: Shared

    /// A field read by `parse`; an unreadable value is recorded at its place and clears `ok`.
    private mutating func parsed<T>(_ record: CSVTable.Record, _ t: BoundTable, _ column: String, _ ok: inout Bool,
                                   _ parse: (String) throws(ValueParser.Invalid) -> T?) -> T? {
        do throws(ValueParser.Invalid) {
            return try parse(t.field(record, column))
        } catch {
            diagnostics.error(t.location(record, column), "\(column): \(error.message)")
            ok = false
            return nil
        }
    }

    private mutating func readYear(_ record: CSVTable.Record, _ t: BoundTable, _ ok: inout Bool) -> Int? {
        let raw = t.field(record, "year")
        do throws(ValueParser.Invalid) {
            guard let y = try ValueParser.number(raw) else { return nil }
            guard y == y.rounded(), (2400...2700).contains(y) else {
                diagnostics.error(t.location(record, "year"), "year \(NumberText.plain(y)) is not a Buddhist-Era fiscal year such as 2566")
                ok = false
                return nil
            }
            return Int(y)
        } catch {
            diagnostics.error(t.location(record, "year"), "year: \(error.message)")
            ok = false
            return nil
        }
    }
}
