/// What the run was asked to build, as far as validation needs it.
public struct ValidationOptions: Sendable {
    /// `--year`.
    public var year: Int?
    /// `--round`.
    public var round: Round?
    /// `--department`: units that are the department itself (default: units named กรม…).
    public var departmentIDs: [String]
    /// `--allow-weight-gap`: weights that do not sum to 100 are warnings.
    public var allowWeightGap: Bool
    /// `--strict`: every warning is an error.
    public var strict: Bool
    /// Today, for the fiscal year when nothing else names one (Core reads no clock).
    public var today: CivilDate

    /// Creates options.
    public init(year: Int? = nil, round: Round? = nil, departmentIDs: [String] = [], allowWeightGap: Bool = false,
                strict: Bool = false, today: CivilDate) {
        self.year = year
        self.round = round
        self.departmentIDs = departmentIDs
        self.allowWeightGap = allowWeightGap
        self.strict = strict
        self.today = today
    }
}

/// The one validation stage: records stream in file by file (divisions, then indicators, then results,
/// then projects); each row is read and checked as it passes, the cross-checks that need the whole
/// picture run at the end; every problem is recorded with its file:line:column. What is kept is small
/// (keys, weights, where each row is), so the inputs of a whole ministry never sit in memory at once.
public struct Validator {
    private let options: ValidationOptions
    private var findings: Findings
    private var files: [InputFile] = []
    private var bindings = FileTable<HeaderBinding>()
    private var sharedPositions = Set<ColumnPositions>()
    private var current: HeaderBinding?
    /// The last header of each kind that bound with no finding (thousands of results files share one).
    private var lastCleanHeader: [InputKind: (header: [String], binding: HeaderBinding)] = [:]
    private var seenKinds: Set<InputKind> = []
    /// Kinds of files some of whose rows could not be read: the cross-checks that need them would only
    /// repeat the problem in other words.
    private var incomplete: Set<InputKind> = []

    // divisions.csv
    private struct DivisionEntry { let division: Division; let line: Int }
    private var divisions: [DivisionEntry] = []
    private var divisionIndex: [String: Int] = [:]
    private var divisionFolded: [String: Int] = [:]
    private var rejectedDivisions: Set<String> = []

    // indicators.csv
    /// A rules row as validation keeps it: 40 bytes (a ministry has hundreds of thousands). Its id is an
    /// index into the run's distinct ids (the same few dozen ids recur in every unit), its moves are in
    /// a side table (few rows have any), its fields' columns are the file's binding's.
    ///
    /// Every rules row of the run sits in one array (`ruleRows`), each unit's rows linked through
    /// `next` in file order: no small array per unit, which at a ministry's scale would scatter the heap.
    private struct StoredRule {
        // Widest first: 40 bytes a row, not 48 (half a million rows at a ministry's scale).
        let weightValue: Double
        let offset: Int64
        let id: UInt32
        let roundBits: UInt32
        let line: Int32
        let length: Int32
        /// The unit's next row (index in `ruleRows`), -1 after its last.
        var next: Int32 = -1
        let file: UInt16
        let method: ScoringRule.Method
        let hasRounds: Bool
    }

    /// A rules row as the checks read it.
    private struct RuleRow: RulesRow {
        let id: IndicatorID
        let weight: Double?
        let rounds: RoundSet?
        let moves: [WeightMove]
        let method: ScoringRule.Method
        let file: UInt16
        let line: Int32
        /// Where its record is in the file.
        let span: RecordSpan
    }

    /// The rows, ids and moves of the run's rules; a unit's rows are read through `rows(from:)`.
    private struct RuleStore {
        var rows: [StoredRule] = []
        var ids: [IndicatorID] = []
        var idIndex: [IndicatorID: UInt32] = [:]
        var moves: [Int32: [WeightMove]] = [:]

        /// Appends a row; returns its index.
        mutating func append(id: IndicatorID, weight: Double?, rounds: RoundSet?, moves: [WeightMove], method: ScoringRule.Method,
                             span: RecordSpan) -> Int32 {
            let index = Int32(rows.count)
            let idNumber: UInt32
            if let known = idIndex[id] { idNumber = known } else {
                idNumber = UInt32(ids.count)
                ids.append(id)
                idIndex[id] = idNumber
            }
            rows.append(StoredRule(weightValue: weight ?? .nan, offset: span.offset, id: idNumber, roundBits: rounds?.bits ?? 0,
                                   line: span.line, length: Int32(clamping: span.length), file: UInt16(clamping: span.file),
                                   method: method, hasRounds: rounds != nil))
            if !moves.isEmpty { self.moves[index] = moves }
            return index
        }

        /// The row at `i`, as the checks read it.
        func row(_ i: Int32) -> RuleRow {
            let r = rows[Int(i)]
            return RuleRow(id: ids[Int(r.id)], weight: r.weightValue.isNaN ? nil : r.weightValue,
                           rounds: r.hasRounds ? RoundSet(bits: r.roundBits) : nil, moves: moves[i] ?? [], method: r.method,
                           file: r.file, line: r.line,
                           span: RecordSpan(file: Int(r.file), line: Int(r.line), offset: r.offset, length: Int64(r.length)))
        }

        /// A unit's rows of one indicator, in file order, and the position of the first among all the
        /// unit's rows (-1 when it has none).
        func rows(from first: Int32, id: IndicatorID) -> (rows: [RuleRow], position: Int) {
            guard let number = idIndex[id] else { return ([], -1) }
            var out: [RuleRow] = []
            var position = -1
            for (n, i) in chain(from: first).enumerated() where rows[Int(i)].id == number {
                if position < 0 { position = n }
                out.append(row(i))
            }
            return (out, position)
        }

        /// A unit's rows from its first, in file order.
        func rows(from first: Int32) -> [RuleRow] { chain(from: first).map(row) }

        /// The indices of a unit's rows from its first, following `next`.
        private func chain(from first: Int32) -> some Sequence<Int32> {
            sequence(state: first) { i -> Int32? in
                guard i >= 0 else { return nil }
                defer { i = rows[Int(i)].next }
                return i
            }
        }
    }
    private struct RulesKey: Hashable { let division: Int; let year: Int? }
    private struct UnitRules {
        /// First and last of its rows in `ruleRows`, and how many there are.
        var first: Int32 = -1
        var last: Int32 = -1
        var count: Int32 = 0
        var checked = false
        /// True when a row of the unit was refused or its rows contradict each other: its weights
        /// cannot be checked (the problem is reported already).
        var flawed = false
    }
    private var rules: [RulesKey: UnitRules] = [:]
    private var ruleStore = RuleStore()
    private var ruleYears: Set<Int> = []
    private var rulesHaveYear = false
    private var weightColumn = true
    private var rejectedIndicators: Set<String> = []

    // results
    private struct UnitResults {
        var spans: [RecordSpan] = []
        /// Rounds reported, with the line of each indicator's result (0 = none), at the position of the
        /// indicator's first rules row among the unit's rows.
        var rounds: [(round: Round, lines: [Int32])] = []
    }
    private var results: [RulesKey: UnitResults] = [:]
    /// `division|indicator` of result rows refused for errors: their missing result is not reported again.
    private var rejectedResults: Set<String> = []
    private var resultYears: Set<Int> = []
    private var resultsHaveYear: Bool?
    private var roundsWithData: [Int?: RoundSet] = [:]
    private var dateVotes: [Int: Int] = [:]

    // projects.csv
    private struct ProjectDraft {
        var row: RowParsers.ProjectRow
        var lines: [Project.Line]
        var progress: Int?
        var budget: Double?
        var disbursed: Double?
    }
    private var projects: [ProjectDraft] = []
    private var projectIndex: [String: Int] = [:]
    private var projectsHaveYear = false

    /// A validator for one run.
    public init(options: ValidationOptions) {
        self.options = options
        findings = Findings(strict: options.strict)
    }

    // MARK: Streaming

    /// A file starts: its header is matched against its columns. Returns false when its rows cannot be
    /// read (the problems are recorded); its records are then not to be passed in.
    public mutating func begin(_ file: InputFile, header: [String], headerLine: Int) -> Bool {
        files.append(file)
        seenKinds.insert(file.kind)
        if let last = lastCleanHeader[file.kind], last.header == header {
            // The same header as the last file of its kind, which bound without a word: the same columns.
            current = last.binding.rebound(to: file, line: headerLine)
        } else {
            let before = findings.all.count
            current = HeaderBinding.bind(header, line: headerLine, file: file, findings: &findings)
            if let binding = current, findings.all.count == before { lastCleanHeader[file.kind] = (header, binding) }
        }
        guard let binding = current else {
            incomplete.insert(file.kind)
            return false
        }
        current = binding.sharing(&sharedPositions)
        bindings[file.index] = current
        switch file.kind {
        case .indicators:
            rulesHaveYear = binding.has(.year)
            weightColumn = binding.has(.weight)
        case .results:
            if !(binding.has(.result) || binding.has(.numerator) || binding.has(.level)) {
                findings.error(binding.headerLocation(), "no result column: give \"result\", \"numerator\" and \"denominator\", or \"level\"")
                current = nil
                incomplete.insert(file.kind)
                return false
            }
            if binding.has(.numerator) != binding.has(.denominator) {
                findings.error(binding.headerLocation(), "\"numerator\" and \"denominator\" go together; one of them is missing")
                current = nil
                incomplete.insert(file.kind)
                return false
            }
            let hasYear = binding.has(.year)
            if let earlier = resultsHaveYear, earlier != hasYear {
                findings.error(binding.headerLocation(), hasYear ? "this results file has a year column but an earlier one has none: give every results file a year column, or none"
                               : "this results file has no year column but an earlier one has: give every results file a year column")
                current = nil
                return false
            }
            resultsHaveYear = hasYear
            if rulesHaveYear && !hasYear && ruleYears.count > 1 {
                findings.error(binding.headerLocation(), "indicators.csv holds rules for \(ruleYears.sorted().map(String.init).joined(separator: " and ")): give the results a year column")
                current = nil
                return false
            }
        case .projects:
            projectsHaveYear = binding.has(.year)
        case .divisions:
            break
        }
        return true
    }

    /// A problem the reader found in a file (encoding, quotes, an unreadable file), or in the folder
    /// (`file` nil): recorded as is; after an error the file's rows count as not all read.
    public mutating func record(_ finding: Finding, in file: InputFile? = nil) {
        findings.append(contentsOf: [finding])
        if finding.severity == .error {
            if let file { incomplete.insert(file.kind) }
            else if let name = finding.location?.file {
                // A file the folder lacks (divisions.csv, indicators.csv, results).
                for kind in InputKind.allCases where name.hasSuffix(kind.rawValue + ".csv") || (kind == .results && name.contains("results")) {
                    incomplete.insert(kind)
                }
            }
        }
    }

    /// One record of the file begun last.
    public mutating func consume(_ record: InputRecord) {
        guard let binding = current else { return }
        // RFC 4180: every record has as many fields as the header; a short row would read as blanks.
        if record.fields.count != binding.width {
            rejectKeys(record, binding)
            let more = record.fields.count > binding.width
            findings.error(SourceLocation(file: binding.file.name, line: record.line, column: more ? binding.width + 1 : record.fields.count),
                           "this row has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s") but the header has \(binding.width)"
                           + (more ? " (is there a comma inside a value? put that value in double quotes)" : " (is the row cut short?)"))
            return
        }
        // A field has no more UTF-16 units than UTF-8 bytes (which a string knows without counting):
        // only a long one is counted.
        for (i, field) in record.fields.enumerated() where field.utf8.count > TextCell.maximumLength && field.utf16.count > TextCell.maximumLength {
            findings.error(SourceLocation(file: binding.file.name, line: record.line, column: i + 1),
                           "this cell holds \(field.utf16.count) characters; a workbook cell holds at most \(TextCell.maximumLength)")
            rejectKeys(record, binding)
            return
        }
        switch binding.file.kind {
        case .divisions: consumeDivision(record, binding)
        case .indicators: consumeIndicator(record, binding)
        case .results: consumeResult(record, binding)
        case .projects: consumeProject(record, binding)
        }
    }

    /// A row refused before it was read: what follows from its absence is not reported again.
    private mutating func rejectKeys(_ record: InputRecord, _ b: HeaderBinding) {
        let division = RowParsers.text(record, b, .divisionID)
        switch b.file.kind {
        case .divisions: rejectedDivisions.insert(division)
        case .indicators: rejectedIndicators.insert(division + "|" + IndicatorID(b.field(record, .indicatorID)).value)
        case .results: rejectedResults.insert(division + "|" + IndicatorID(b.field(record, .indicatorID)).value)
        case .projects: break
        }
    }

    private mutating func consumeDivision(_ record: InputRecord, _ b: HeaderBinding) {
        guard let row = RowParsers.division(record, b, &findings) else {
            rejectedDivisions.insert(RowParsers.text(record, b, .divisionID))
            return
        }
        if let first = divisionIndex[row.id] {
            findings.error(b.location(record, .divisionID), "unit \(row.id) is listed twice (first on line \(divisions[first].line))")
            return
        }
        if let first = divisionFolded[row.id.lowercased()] {
            findings.error(b.location(record, .divisionID),
                           "unit \(row.id) differs from \(divisions[first].division.id) (line \(divisions[first].line)) only in upper/lower case; their files would collide on a Windows share")
            rejectedDivisions.insert(row.id)
            return
        }
        let department = options.departmentIDs.isEmpty ? row.name.hasPrefix("กรม") : options.departmentIDs.contains(row.id)
        divisionIndex[row.id] = divisions.count
        divisionFolded[row.id.lowercased()] = divisions.count
        divisions.append(DivisionEntry(division: Division(id: DivisionID(row.id), name: row.name, shortName: row.shortName,
                                                          isDepartment: department), line: record.line))
    }

    private mutating func consumeIndicator(_ record: InputRecord, _ b: HeaderBinding) {
        guard let row = RowParsers.indicator(record, b, &findings) else {
            rejectKeys(record, b)
            return
        }
        guard !incomplete.contains(.divisions) else { return }
        guard let d = divisionIndex[row.division] else {
            if !rejectedDivisions.contains(row.division) {
                findings.error(b.location(record, .divisionID), "unknown unit \"\(TextCell.shown(row.division))\" (not in divisions.csv)")
            }
            return
        }
        if let year = row.year { ruleYears.insert(year) }
        let i = row.indicator
        let key = RulesKey(division: d, year: row.year)
        let index = ruleStore.append(id: i.id, weight: i.weight, rounds: i.rounds, moves: i.moves, method: i.rule.method, span: record.span)
        var unit = rules[key] ?? UnitRules()
        if unit.last >= 0 { ruleStore.rows[Int(unit.last)].next = index } else { unit.first = index }
        unit.last = index
        unit.count += 1
        rules[key] = unit
    }

    /// Room for `count` rules rows (the indicators file's size tells roughly how many): one allocation
    /// instead of doublings that would each copy every row.
    public mutating func expectRules(_ count: Int) {
        ruleStore.rows.reserveCapacity(min(count, 50_000_000))
    }

    /// Room for the run's `count` files and their header bindings (a ministry sends tens of thousands):
    /// exactly as much as they take, instead of doublings that leave up to half of it unused.
    public mutating func expectFiles(_ count: Int) {
        files.reserveCapacity(count)
        bindings.reserveCapacity(count)
    }

    /// A unit's rules rows, in file order.
    private func rows(_ unit: UnitRules) -> [RuleRow] { ruleStore.rows(from: unit.first) }

    /// Where a unit's rules rows are: consecutive records joined.
    private func spans(_ unit: UnitRules) -> [RecordSpan] {
        var out: [RecordSpan] = []
        for row in rows(unit) { Validator.append(row.span, to: &out) }
        return out
    }

    /// Where a rules row (or one of its fields) is.
    private func location(_ row: RuleRow, _ column: Column? = nil) -> SourceLocation {
        guard let binding = bindings[Int(row.file)] else { return SourceLocation(file: "indicators.csv", line: Int(row.line)) }
        return binding.location(line: Int(row.line), column)
    }

    private static func append(_ span: RecordSpan, to spans: inout [RecordSpan]) {
        if let last = spans.last, let joined = last.joined(with: span) {
            spans[spans.count - 1] = joined
        } else {
            spans.append(span)
        }
    }

    private mutating func consumeResult(_ record: InputRecord, _ b: HeaderBinding) {
        let before = findings.all.count
        consumeResultRow(record, b)
        if findings.all[before...].contains(where: { $0.severity == .error }) { rejectKeys(record, b) }
    }

    /// Whether the indicator's rules row was refused (what refers to it then says nothing more); no key is
    /// made while none was.
    private func rejected(_ division: DivisionID, _ indicator: IndicatorID) -> Bool {
        !rejectedIndicators.isEmpty && rejectedIndicators.contains(division.value + "|" + indicator.value)
    }

    private mutating func consumeResultRow(_ record: InputRecord, _ b: HeaderBinding) {
        guard let row = RowParsers.result(record, b, &findings) else { return }
        if let date = row.dueOn ?? row.reportedOn {
            dateVotes[row.round.fiscalYear(reportedOn: date), default: 0] += 1
        }
        if let year = row.year {
            if let wanted = options.year, wanted != year { return }
            resultYears.insert(year)
        }
        guard !incomplete.contains(.divisions), !incomplete.contains(.indicators) else { return }
        guard let d = divisionIndex[row.division] else {
            if !rejectedDivisions.contains(row.division) {
                findings.error(b.location(record, .divisionID), "unknown unit \"\(TextCell.shown(row.division))\" (not in divisions.csv)")
            }
            return
        }
        let ruleYear: Int? = rulesHaveYear ? (row.year ?? ruleYears.first) : nil
        let rulesKey = RulesKey(division: d, year: ruleYear)
        let id = divisions[d].division.id
        guard let unitRules = rules[rulesKey] else {
            if rejected(id, row.indicator) { return }
            let other = rules.keys.contains { $0.division == d }
            findings.error(b.location(record, .indicatorID), other
                ? "unknown indicator \(row.indicator) of \(id): indicators.csv has no rules for \(id) in \(ruleYear.map(String.init) ?? "this year")"
                : "unknown indicator \(row.indicator) of \(id): indicators.csv has no rules for \(id)")
            return
        }
        // The indicator's rows, and the position of its first among the unit's rows (its slot below).
        let (rows, position) = ruleStore.rows(from: unitRules.first, id: row.indicator)
        if rejected(id, row.indicator) { return }
        guard !rows.isEmpty else {
            if !rejected(id, row.indicator) {
                findings.error(b.location(record, .indicatorID), "unknown indicator \(row.indicator) of \(id) (not in indicators.csv)")
            }
            return
        }
        guard let rule = rows.first(where: { $0.rounds?.contains(row.round) ?? true }) else {
            let assessing = rows.compactMap(\.rounds).flatMap { Array($0) }.sorted().map(\.code).joined(separator: ", ")
            findings.warning(b.location(record, .round), "\(id) \(row.indicator) is not assessed in \(row.round) (only in \(assessing)); this result is ignored")
            return
        }
        switch RowParsers.measure(row, method: rule.method) {
        case .success: break
        case .failure(let problem):
            switch problem {
            case .missing:
                let needs = rule.method == .level ? "level (0–5)" : "result, or numerator and denominator"
                let column: Column = rule.method == .level ? .level : .result
                findings.error(b.has(column) ? b.location(record, column) : b.location(record),
                               "no result for \(id) \(row.indicator) in \(row.round): \(row.indicator) is scored by \(rule.method.rawValue) and needs \(needs); leave the row out if nothing was reported")
            case .levelGivenAsResult:
                findings.error(b.location(record, .level), "\(row.indicator) is scored by level: give the assessed level (0–5) in the level column, not a result")
            case .resultGivenAsLevel:
                findings.error(b.location(record, .result), "\(row.indicator) is scored by \(rule.method.rawValue): give its result (or numerator and denominator), not a level")
            }
            return
        }
        let resultKey = RulesKey(division: d, year: row.year)
        // Taken out of the table while it changes, so that its arrays are changed in place, not copied.
        var unit = results.removeValue(forKey: resultKey) ?? UnitResults()
        let k = position
        let s: Int
        if let slot = unit.rounds.firstIndex(where: { $0.round == row.round }) { s = slot } else {
            unit.rounds.append((row.round, [Int32](repeating: 0, count: Int(unitRules.count))))
            s = unit.rounds.count - 1
        }
        let first = unit.rounds[s].lines[k]
        if first != 0 {
            findings.error(b.location(record), "a second result for \(id) \(row.indicator) in \(row.round) (first on line \(first))")
            results[resultKey] = unit
            return
        }
        unit.rounds[s].lines[k] = Int32(record.line)
        Validator.append(record.span, to: &unit.spans)
        results[resultKey] = unit
        roundsWithData[row.year, default: RoundSet()].insert(row.round)
    }

    private mutating func consumeProject(_ record: InputRecord, _ b: HeaderBinding) {
        guard let row = RowParsers.project(record, b, &findings) else { return }
        if let wanted = options.year, let year = row.year, wanted != year { return }
        let key = "\(row.year.map(String.init) ?? "")|\(row.id)|\(row.round?.code ?? "")"
        guard let i = projectIndex[key] else {
            if row.name.isEmpty {
                findings.error(b.location(record, .name), "project \(row.id) has no name")
                return
            }
            projectIndex[key] = projects.count
            projects.append(ProjectDraft(row: row, lines: row.line.map { [$0] } ?? [], progress: row.progress,
                                         budget: row.budget, disbursed: row.disbursed))
            return
        }
        // A further row of the same project: one more indicator line.
        let first = projects[i].row.location.line
        if let line = row.line { projects[i].lines.append(line) }
        if let progress = row.progress {
            if let earlier = projects[i].progress, earlier != progress {
                findings.error(b.location(record, .progress), "project \(row.id) has progress \(earlier) on line \(first) and \(progress) here")
            }
            projects[i].progress = progress
        }
        if row.budget != nil || row.disbursed != nil {
            if projects[i].budget != nil || projects[i].disbursed != nil {
                findings.error(b.location(record, row.budget != nil ? .budget : .disbursed),
                               "project \(row.id) already has its budget on line \(first); give it once")
            }
            projects[i].budget = projects[i].budget ?? row.budget
            projects[i].disbursed = projects[i].disbursed ?? row.disbursed
        }
        if !row.name.isEmpty && row.name != projects[i].row.name {
            findings.error(b.location(record, .name), "project \(row.id) is named differently on line \(first)")
        }
    }

    private static func orderedIDs<Rows: Sequence<RuleRow>>(_ rows: Rows) -> [IndicatorID] {
        var seen = Set<IndicatorID>()
        return rows.compactMap { seen.insert($0.id).inserted ? $0.id : nil }.sorted()
    }

    // MARK: Finishing

    /// The cross-checks that need every row, then the catalog (nil when anything is an error) and
    /// every finding, sorted by place.
    public mutating func finish() -> (catalog: Catalog?, findings: [Finding]) {
        for id in options.departmentIDs where divisionIndex[id] == nil {
            findings.error(nil, "--department \(id): no such unit in divisions.csv")
        }
        // Checks of each unit's rules, once per rules table entry.
        for key in rules.keys.sorted(by: { ($0.division, $0.year ?? 0) < ($1.division, $1.year ?? 0) })
        where key.year == nil || options.year == nil || key.year == options.year {
            checkRules(key)
        }
        // Without every file read, the year's checks would only repeat the problems above.
        guard incomplete.isEmpty else { return (nil, findings.sorted) }
        let (years, source) = resolveYears()
        var yearCatalogs: [YearCatalog] = []
        for year in years {
            if let built = buildYear(year, single: years.count == 1) { yearCatalogs.append(built) }
        }
        if years.isEmpty && !findings.hasErrors {
            findings.error(nil, "nothing to report: no results\(options.year.map { " for fiscal year \($0)" } ?? "")")
        }
        if source == .clock, let year = years.first {
            findings.warning(nil, "no --year, no year column and no report dates: using the current fiscal year \(year)")
        }
        let sorted = findings.sorted
        guard !findings.hasErrors else { return (nil, sorted) }
        return (Catalog(files: files, bindings: bindings, years: yearCatalogs, yearSource: source), sorted)
    }

    /// Checks a unit's rows together: an indicator twice for the same round, weights that differ between
    /// its rows, a weight missing in an agreement, a move to an indicator the unit lacks.
    private mutating func checkRules(_ key: RulesKey) {
        guard var unit = rules[key], !unit.checked else { return }
        unit.checked = true
        rules[key] = unit
        let division = divisions[key.division].division
        let errorsBefore = findings.all.count
        defer {
            if findings.all[errorsBefore...].contains(where: { $0.severity == .error })
                || rejectedIndicators.contains(where: { $0.hasPrefix(division.id.value + "|") }) {
                rules[key]?.flawed = true
            }
        }
        var firstRow: [IndicatorID: RuleRow] = [:]
        let unitRows = rows(unit)
        let ids = Set(unitRows.map(\.id))
        for (n, row) in unitRows.enumerated() {
            if let clash = unitRows[..<n].first(where: { $0.id == row.id && Validator.overlap($0.rounds, row.rounds) }) {
                findings.error(location(row), "indicator \(row.id) of \(division.id) is listed twice for the same round(s) (first on line \(clash.line)); give each row its own rounds")
                continue
            }
            if let first = firstRow[row.id] {
                if let w = row.weight, w != first.weight {
                    findings.error(location(row, .weight), "indicator \(row.id) weighs \(first.weight.map(NumberText.plain) ?? "nothing") on line \(first.line) and \(NumberText.plain(w)) here; an indicator has one weight")
                }
            } else {
                firstRow[row.id] = row
                if !division.isDepartment && row.weight == nil && weightColumn {
                    findings.error(location(row, .weight), "weight is empty: every indicator of \(division.id)'s agreement needs a weight")
                }
            }
            for move in row.moves where !ids.contains(move.target) && !rejected(division.id, move.target) {
                findings.error(location(row, .redistributeTo), "indicator \(row.id) moves its weight to \(move.target), which \(division.id) does not have")
            }
        }
        if !weightColumn && !division.isDepartment, let first = unitRows.first, let binding = bindings[Int(first.file)] {
            findings.error(binding.headerLocation(), "no weight column: the indicators of \(division.id)'s agreement need weights")
        }
    }

    private static func overlap(_ a: RoundSet?, _ b: RoundSet?) -> Bool {
        guard let a, let b else { return true }
        return a.intersects(b)
    }

    /// The fiscal years to build and how they were chosen.
    private func resolveYears() -> ([Int], Catalog.YearSource) {
        if let year = options.year { return ([year], .option) }
        let explicit = resultYears.union(rulesHaveYear && resultsHaveYear != true ? ruleYears : [])
            .union(projects.compactMap(\.row.year))
        if !explicit.isEmpty {
            // A year counts when something was reported for it.
            let reported = resultYears.union(projects.compactMap(\.row.year))
            let years = reported.isEmpty ? explicit : reported
            return (years.sorted(), .yearColumn)
        }
        if let best = dateVotes.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) { return ([best.key], .reportDates) }
        let today = options.today
        return ([today.month >= 10 ? today.year + 544 : today.year + 543], .clock)
    }

    /// Builds one fiscal year: its reported round, its units with their plans and missing results.
    private mutating func buildYear(_ year: Int, single: Bool) -> YearCatalog? {
        let resultKeyYear: Int? = resultsHaveYear == true ? year : nil
        let ruleKeyYear: Int? = rulesHaveYear ? year : nil
        let withData = roundsWithData[resultKeyYear] ?? RoundSet()
        let yearProjects = projectsFor(year, single: single)
        let projectRounds = RoundSet(yearProjects.compactMap(\.round))
        guard let round = options.round ?? (Array(withData) + Array(projectRounds)).max() else {
            if rejectedResults.isEmpty {
                findings.error(nil, "fiscal year \(year) has no results to report (no result rows for it)")
            }
            return nil
        }
        let rounds = Array(withData).filter { $0 <= round }
        var units: [UnitEntry] = []
        units.reserveCapacity(divisions.count)
        for (d, entry) in divisions.enumerated() {
            guard let unitRules = rules[RulesKey(division: d, year: ruleKeyYear)] else { continue }
            let unitResults = results[RulesKey(division: d, year: resultKeyYear)] ?? UnitResults()
            units.append(buildUnit(entry.division, unitRules, unitResults, year: year, round: round,
                                   ruleYear: ruleKeyYear, resultYear: resultKeyYear))
        }
        if units.isEmpty {
            findings.error(nil, "fiscal year \(year): no unit has rules in indicators.csv")
            return nil
        }
        let department = units.first { $0.division.isDepartment }?.division.name
            ?? divisions.first { $0.division.isDepartment }?.division.name ?? ""
        return YearCatalog(year: year, round: round, rounds: Array(Set(rounds + [round])).sorted(), units: units,
                           projects: yearProjects, departmentName: department)
    }

    private mutating func buildUnit(_ division: Division, _ unitRules: UnitRules, _ unitResults: UnitResults, year: Int,
                                    round: Round, ruleYear: Int?, resultYear: Int?) -> UnitEntry {
        let unitRows = rows(unitRules)
        let ids = Validator.orderedIDs(unitRows)
        // Each id's slot in the results' lines: the position of its first row.
        var slots: [IndicatorID: Int] = [:]
        for (n, row) in unitRows.enumerated() where slots[row.id] == nil { slots[row.id] = n }
        let reported = unitResults.rounds.map(\.round).filter { $0 <= round }
        let unitRounds = Array(Set(reported + [round])).sorted()
        func firstRow(_ id: IndicatorID) -> RuleRow? { unitRows.first { $0.id == id } }
        func assessingRow(_ id: IndicatorID, _ r: Round) -> RuleRow? {
            unitRows.first { $0.id == id && ($0.rounds?.contains(r) ?? true) }
        }
        // Missing results, every round of the unit's year.
        for r in unitRounds {
            let lines = unitResults.rounds.first { $0.round == r }?.lines
            for id in ids {
                guard let row = assessingRow(id, r), let k = slots[id] else { continue }
                if lines == nil || lines?[k] == 0 {
                    if rejectedResults.contains(division.id.value + "|" + id.value) { continue }
                    findings.warning(location(row), "no result from \(division.id) for \(id) in \(r) (fiscal year \(year)): its cells show \(ThaiLabels.noResult) and it scores 0")
                }
            }
        }
        // Weights: an agreement's weights, moved as the rules say, must sum to 100 in every round.
        let weights = ids.map { firstRow($0)?.weight }
        let allWeighted = !unitRules.flawed && !weights.isEmpty && weights.allSatisfy { $0 != nil }
        var planned = false
        var gaps: [(Round, Double, [IndicatorID])] = []
        if allWeighted {
            let total = weights.compactMap { $0 }.reduce(0, +)
            for r in unitRounds {
                let made = WeightPlan.make(unitRows, ids: ids, round: r)
                planned = true
                for problem in made.problems {
                    switch problem {
                    case .intoUnassessed(let from, let to):
                        if !division.isDepartment, let row = firstRow(from) {
                            findings.error(location(row, .redistributeTo), "\(division.id) \(r): indicator \(from) moves its weight to \(to), which \(r) does not assess either")
                        }
                    }
                }
                let effective = total - made.lost.map(\.1).reduce(0, +)
                if abs(effective - 100) > 1e-9 { gaps.append((r, effective, made.lost.map(\.0))) }
            }
        }
        var kind = UnitKind.agreement
        if division.isDepartment {
            if !allWeighted || !gaps.isEmpty {
                kind = .annexOnly
                if weights.contains(where: { $0 != nil }), let first = unitRows.first {
                    let why = !allWeighted ? "not every indicator has a weight"
                        : "they sum to \(NumberText.plain(((gaps.first?.1 ?? 0) * 1e9).rounded() / 1e9)) in \(gaps.first?.0.code ?? "")"
                    findings.warning(location(first, .weight), "the weights of \(division.id) do not form an agreement (\(why)): its workbook has its annexes but no summary or total")
                }
            }
        } else if allWeighted, let first = unitRows.first {
            for (r, effective, lost) in gaps {
                var message = "\(division.id) \(r): effective weights sum to \(NumberText.plain((effective * 1e9).rounded() / 1e9)), not 100"
                if !lost.isEmpty {
                    message += " (\(lost.map(\.value).joined(separator: ", ")) \(lost.count == 1 ? "is" : "are") not assessed in \(r) and \(lost.count == 1 ? "has" : "have") no redistribute_to)"
                }
                if options.allowWeightGap { findings.warning(location(first, .weight), message) }
                else { findings.error(location(first, .weight), message + " (fix the weights, or run with --allow-weight-gap)") }
            }
        }
        return UnitEntry(division: division, kind: kind, rounds: unitRounds, weighted: kind == .agreement && planned,
                         ruleSpans: spans(unitRules), resultSpans: unitResults.spans, ruleYear: ruleYear, resultYear: resultYear)
    }

    /// The projects of a year (rows without a year belong to the one year built).
    private mutating func projectsFor(_ year: Int, single: Bool) -> [Project] {
        var out: [Project] = []
        for draft in projects where draft.row.year == year || (draft.row.year == nil && single) {
            guard let progress = draft.progress else {
                findings.error(SourceLocation(file: draft.row.location.file, line: draft.row.location.line),
                               "project \(draft.row.id) has no progress (0, 25, 50, 75 or 100)")
                continue
            }
            out.append(Project(id: draft.row.id, plan: draft.row.plan, name: draft.row.name, responsible: draft.row.responsible,
                               lines: draft.lines, budget: draft.budget, disbursed: draft.disbursed, round: draft.row.round,
                               progress: progress, location: draft.row.location))
        }
        if !single && projects.contains(where: { $0.row.year == nil }), let first = projects.first {
            findings.error(SourceLocation(file: first.row.location.file, line: 1), "several fiscal years are built: give projects.csv a year column")
        }
        return out
    }
}
