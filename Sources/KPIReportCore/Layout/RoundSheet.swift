/// Columns of the fields a round sheet shows: an array lookup per cell instead of a hash.
struct FieldColumns {
    private var table = [Int](repeating: -1, count: RoundSheet.Field.allCases.count)

    subscript(_ field: RoundSheet.Field) -> Int? {
        get { table[field.rawValue] >= 0 ? table[field.rawValue] : nil }
        set { table[field.rawValue] = newValue ?? -1 }
    }
}

/// A round's working sheet (`รอบ ๖ เดือน`): per indicator the result (or numerator and denominator),
/// criteria or target, ratio, level, score, days late and penalty, weights and weighted score, every
/// derived cell a formula from `ScoringRules` over the cells it reads; the total carries
/// `Total_<round>`. A screen sheet: it may use colour. Columns a unit does not use are left out.
struct RoundSheet {
    /// What a column holds.
    enum Field: Int, CaseIterable {
        case id, name, unit, method, t1, t2, t3, t4, t5, target, numerator, denominator, result, ratio, level, rawScore,
             due, reported, daysLate, penaltyRate, penalty, score, baseWeight, movedOut, movedIn, effectiveWeight, weighted,
             annexScore, fullScore

        var title: String {
            switch self {
            case .id: return ThaiLabels.indicatorColumn
            case .name: return ThaiLabels.detailColumn
            case .unit: return ThaiLabels.unitColumn
            case .method: return ThaiLabels.methodColumn
            case .t1: return ThaiDigits.thai(1)
            case .t2: return ThaiDigits.thai(2)
            case .t3: return ThaiDigits.thai(3)
            case .t4: return ThaiDigits.thai(4)
            case .t5: return ThaiDigits.thai(5)
            case .target: return ThaiLabels.targetColumn
            case .numerator: return ThaiLabels.numeratorColumn
            case .denominator: return ThaiLabels.denominatorColumn
            case .result: return ThaiLabels.resultColumn
            case .ratio: return ThaiLabels.ratioColumn
            case .level: return ThaiLabels.levelColumn
            case .rawScore: return ThaiLabels.rawScoreColumn
            case .due: return ThaiLabels.dueColumn
            case .reported: return ThaiLabels.reportedColumn
            case .daysLate: return ThaiLabels.daysLateColumn
            case .penaltyRate: return ThaiLabels.penaltyRateColumn
            case .penalty: return ThaiLabels.penaltyColumn
            case .score: return ThaiLabels.finalScoreColumn
            case .baseWeight: return ThaiLabels.baseWeightColumn
            case .movedOut: return ThaiLabels.movedOutColumn
            case .movedIn: return ThaiLabels.movedInColumn
            case .effectiveWeight: return ThaiLabels.effectiveWeightColumn
            case .weighted: return ThaiLabels.weightedColumn
            case .annexScore: return ThaiLabels.annexScoreColumn
            case .fullScore: return ThaiLabels.fullScoreColumn
            }
        }

        /// The heading over a group of columns, nil for a column that stands alone.
        var group: String? {
            switch self {
            case .t1, .t2, .t3, .t4, .t5: return ThaiLabels.criteriaColumn
            case .numerator, .denominator, .result: return ThaiLabels.resultColumn
            case .ratio, .level, .rawScore: return ThaiLabels.scoringGroup
            case .due, .reported, .daysLate, .penaltyRate, .penalty: return ThaiLabels.lateGroup
            case .baseWeight, .movedOut, .movedIn, .effectiveWeight: return ThaiLabels.weightColumn
            default: return nil
            }
        }

        /// Width in character units (numbers widen their column when they need more). Wide enough for
        /// the header's words, with a wide name column: the sheet prints at a smaller scale, but a name
        /// takes two lines rather than four and a page holds twice the rows.
        var width: Double {
            switch self {
            case .id: return 4
            case .name: return 36
            case .unit: return 6
            case .method: return 9
            case .t1, .t2, .t3, .t4, .t5: return 4
            case .target: return 6
            case .numerator, .denominator: return 6
            case .result: return 7
            case .ratio: return 8
            case .level: return 5
            case .rawScore: return 7
            // Wide enough for `รายงานรอบ` on one line: a remark of a later round takes two lines, not three.
            case .score: return 9
            case .weighted: return 8
            case .due, .reported: return 8
            case .daysLate, .penaltyRate, .penalty: return 6
            case .annexScore: return 8
            case .fullScore: return 6
            case .baseWeight, .movedOut, .movedIn, .effectiveWeight: return 6
            }
        }
    }

    /// The sheet.
    let sheet: Worksheet
    /// The round.
    let round: Round
    /// Column of each field present.
    let columns: FieldColumns
    /// Row of each indicator.
    let rows: [IndicatorID: Int]
    /// The total (weighted average) cell, for an agreement.
    let total: CellRef?
    /// The total effective weight cell, for an agreement.
    let totalWeight: CellRef?
    /// (C) of each annex in this round, by annex title (the department's monitoring reads them).
    let annexPercents: [String: CellRef]

    /// A cell of an indicator's row, when the sheet has that column.
    func cell(_ id: IndicatorID, _ field: Field) -> CellRef? {
        guard let row = rows[id], let column = columns[field] else { return nil }
        return sheet.ref(row, column)
    }

    static let headerRow = 4

    /// Lays out a unit's round on a new sheet of `book`.
    init(_ unit: UnitInputs, round: Round, name: String, book: Workbook, look: Look, annexes: [AnnexTable]) {
        let ids = unit.ids
        let rules = ids.map { unit.rule($0, in: round) }
        let assessedRules = rules.compactMap { $0 }
        let results = unit.results[round] ?? [:]
        let plan = unit.plans[round]
        let agreement = unit.kind == .agreement
        let hasMoves = !(plan?.moves.isEmpty ?? true)
        let hasLate = assessedRules.contains { $0.latePenalty > 0 }
        let hasCriteria = assessedRules.contains { if case .threshold = $0.rule { return true } else { return false } }
        let hasTarget = unit.indicators.contains { $0.target != nil }
        let hasFraction = results.values.contains { if case .fraction = $0.measure { return true } else { return false } }
        let hasRatio = assessedRules.contains { $0.rule.method == .targetRatio }
        let present: (Field) -> Bool = { field in
            switch field {
            case .t1, .t2, .t3, .t4, .t5: return hasCriteria
            case .target: return hasTarget
            case .numerator, .denominator: return hasFraction
            case .ratio: return hasRatio
            case .rawScore, .due, .reported, .daysLate, .penaltyRate, .penalty: return hasLate
            case .baseWeight, .effectiveWeight, .weighted: return agreement
            case .movedOut, .movedIn: return agreement && hasMoves
            case .fullScore: return unit.division.isDepartment || !agreement
            default: return true
            }
        }
        let fields = Field.allCases.filter(present)
        var columns = FieldColumns()
        for (i, field) in fields.enumerated() { columns[field] = i }
        let last = fields.count - 1

        let sheet = book.addSheet(name)
        sheet.columnWidths = fields.map(\.width)
        func at(_ r: Int, _ c: Int) -> CellRef { sheet.ref(r, c) }
        book.merge(at(0, 0), at(0, last), .text(look.titleText(ThaiLabels.workingTitle(round: round, fiscalYear: unit.fiscalYear), landscape: true)), look.title)
        book.merge(at(1, 0), at(1, last), .text(unit.division.name), look.subtitle)
        book.merge(at(2, 0), at(2, last), .text(ThaiLabels.roundPeriod(round, fiscalYear: unit.fiscalYear)), look.subtitle)
        // Two header rows: a group heading over related columns, each column's own title below.
        let h = RoundSheet.headerRow
        let header = look.header(screen: true)
        var i = 0
        while i < fields.count {
            let field = fields[i]
            if let group = field.group {
                var j = i
                while j + 1 < fields.count && fields[j + 1].group == group { j += 1 }
                if j == i {
                    // A group of one column: its own title (a group heading over one narrow column wraps badly).
                    book.merge(at(h, i), at(h + 1, i), .text(field.title), header)
                } else {
                    book.merge(at(h, i), at(h, j), .text(group), header)
                    for k in i...j { book.set(at(h + 1, k), .text(fields[k].title), header) }
                }
                i = j + 1
            } else {
                book.merge(at(h, i), at(h + 1, i), .text(field.title), header)
                i += 1
            }
        }

        let first = h + 2
        // Each indicator's row; a name taller than Excel's tallest row continues on rows below it.
        let nameColumn = columns[.name] ?? 0
        var rowOf: [Int] = []
        var spans: [Int] = []
        var next = first
        for (k, id) in ids.enumerated() {
            let name = (rules[k] ?? unit.first(id))?.name ?? ""
            let span = SheetFinisher.rowsNeeded([(name, nameColumn...nameColumn, look.text())], in: sheet, book: book, measure: look.measure)
            rowOf.append(next)
            spans.append(span)
            next += span
        }
        var rows: [IndicatorID: Int] = [:]
        for (k, id) in ids.enumerated() { rows[id] = rowOf[k] }
        let totalRow = next
        // A cell of an indicator found by id (weight moves, annex members).
        func ref(_ id: IndicatorID, _ field: Field) -> CellRef? {
            guard let r = rows[id], let c = columns[field] else { return nil }
            return at(r, c)
        }
        // A cell of the indicator at position k: its row is rowOf[k] (no lookup by id on the hot path).
        func cell(_ k: Int, _ field: Field) -> CellRef? {
            guard let c = columns[field] else { return nil }
            return at(rowOf[k], c)
        }
        func put(_ k: Int, _ field: Field, _ content: CellContent, _ style: StyleID) {
            if let cell = cell(k, field) { book.set(cell, content, style) }
        }
        func formula(_ k: Int, _ field: Field, _ f: Formula, _ style: StyleID) {
            if let cell = cell(k, field) { book.set(cell, formula: f, style) }
        }
        let general = look.number(.general)
        let score4 = look.number(.decimals(4))
        let decimal2 = look.number(.decimals(2))
        let centered = look.text(center: true)

        // Inputs first: every derived cell below reads them.
        for (k, id) in ids.enumerated() {
            guard let display = rules[k] ?? unit.first(id) else { continue }
            put(k, .id, .text(look.id(id)), centered)
            put(k, .name, .text(display.name), look.text())
            put(k, .unit, .text(display.unit), centered)
            put(k, .method, .text(ThaiLabels.methodName(display.rule.method, display.rule.direction)), centered)
            if let target = display.target { put(k, .target, .number(target), look.number(Look.asEntered(target))) }
            if agreement { put(k, .baseWeight, .number(display.weight ?? 0), general) }
            guard let rule = rules[k] else { continue }
            if case .threshold(let criteria, _) = rule.rule {
                for (c, field) in [Field.t1, .t2, .t3, .t4, .t5].enumerated() {
                    put(k, field, .number(criteria.values[c]), look.number(Look.asEntered(criteria.values[c])))
                }
            }
            switch results[id]?.measure {
            case .fraction(let n, let d)?:
                put(k, .numerator, .number(n), look.number(Look.asEntered(n)))
                put(k, .denominator, .number(d), look.number(Look.asEntered(d)))
            case .value(let x)?: put(k, .result, .number(x), look.number(Look.asEntered(x)))
            case .level(let x)?: put(k, .result, .number(x), look.number(Look.asEntered(x)))
            case nil: put(k, .result, .text(ThaiLabels.noResult), look.remark(screen: true))
            }
            if hasLate {
                if let due = results[id]?.dueOn { put(k, .due, .date(due), look.number(.date, center: true)) }
                if let reported = results[id]?.reportedOn { put(k, .reported, .date(reported), look.number(.date, center: true)) }
                if rule.latePenalty > 0 { put(k, .penaltyRate, .number(rule.latePenalty), decimal2) }
            }
        }

        // Weight moves, below the table: each amount is the whole weight of the indicator it leaves (a
        // reference to its weight) or the part `redistribute_to` names.
        var outCells: [IndicatorID: [CellRef]] = [:]
        var inCells: [IndicatorID: [CellRef]] = [:]
        var afterTable = totalRow + (agreement ? 1 : 0)
        if agreement, let plan, hasMoves {
            let heading = totalRow + 2
            book.merge(at(heading, 0), at(heading, min(3, last)), .text(ThaiLabels.movesHeading), look.noteBold)
            let mh = heading + 1
            for (c, label) in [ThaiLabels.moveFromColumn, ThaiLabels.detailColumn, ThaiLabels.moveToColumn, ThaiLabels.moveAmountColumn].enumerated() {
                book.set(at(mh, c), .text(label), header)
            }
            for (k, move) in plan.moves.enumerated() {
                let r = mh + 1 + k
                book.set(at(r, 0), .text(look.id(move.from)), centered)
                book.set(at(r, 1), .text(unit.first(move.from)?.name ?? ""), look.text())
                book.set(at(r, 2), .text(move.to.map(look.id) ?? "-"), centered)
                let amount = at(r, 3)
                if let part = move.amount {
                    book.set(amount, .number(part), general)
                } else if let base = ref(move.from, .baseWeight) {
                    book.set(amount, formula: .cell(base), general)
                }
                outCells[move.from, default: []].append(amount)
                if let to = move.to { inCells[to, default: []].append(amount) }
            }
            afterTable = mh + 1 + plan.moves.count
        }

        // The working, indicator by indicator.
        for (k, id) in ids.enumerated() {
            if agreement {
                let base: Formula = cell(k, .baseWeight).map(Formula.cell) ?? 0
                if hasMoves {
                    if let outs = outCells[id] { formula(k, .movedOut, .sum(of: outs), general) }
                    if let ins = inCells[id] { formula(k, .movedIn, .sum(of: ins), general) }
                    let out: Formula = outCells[id] != nil ? cell(k, .movedOut).map(Formula.cell) ?? 0 : 0
                    let into: Formula = inCells[id] != nil ? cell(k, .movedIn).map(Formula.cell) ?? 0 : 0
                    formula(k, .effectiveWeight, ScoringRules.effectiveWeight(base: base, movedOut: out, movedIn: into), general)
                } else {
                    formula(k, .effectiveWeight, base, general)
                }
            }
            guard let rule = rules[k] else {
                let remark = unit.assessingRound(id, after: round).map(ThaiLabels.reportedIn) ?? "-"
                put(k, .score, .text(remark), look.remark(screen: true))
                continue
            }
            guard let resultCell = cell(k, .result) else { continue }
            if case .fraction = results[id]?.measure, let n = cell(k, .numerator), let d = cell(k, .denominator) {
                formula(k, .result, ScoringRules.fraction(numerator: .cell(n), denominator: .cell(d)), decimal2)
            }
            let r: Formula = .cell(resultCell)
            let criteria = [Field.t1, .t2, .t3, .t4, .t5].map { cell(k, $0).map(Formula.cell) ?? 0 }
            var raw: Formula
            switch rule.rule {
            case .threshold(_, let direction):
                formula(k, .level, ScoringRules.thresholdLevel(result: r, criteria: criteria, direction: direction), general)
                raw = ScoringRules.thresholdScore(result: r, criteria: criteria, direction: direction)
            case .targetRatio(_, let direction):
                guard let target = cell(k, .target), let ratio = cell(k, .ratio) else { continue }
                formula(k, .ratio, ScoringRules.ratio(result: r, target: .cell(target), direction: direction), decimal2)
                formula(k, .level, ScoringRules.bandLevel(ratio: .cell(ratio)), general)
                raw = ScoringRules.bandScore(ratio: .cell(ratio))
            case .level:
                formula(k, .level, ScoringRules.levelLevel(result: r), general)
                raw = ScoringRules.levelScore(result: r)
            }
            if hasLate, let rawCell = cell(k, .rawScore), let due = cell(k, .due), let reported = cell(k, .reported),
               let days = cell(k, .daysLate), let rate = cell(k, .penaltyRate), let penalty = cell(k, .penalty) {
                formula(k, .rawScore, raw, score4)
                formula(k, .daysLate, ScoringRules.daysLate(due: .cell(due), reported: .cell(reported)), general)
                formula(k, .penalty, ScoringRules.penalty(days: .cell(days), perDay: .cell(rate)), decimal2)
                raw = ScoringRules.penalized(score: .cell(rawCell), penalty: .cell(penalty))
            }
            formula(k, .score, raw, score4)
            guard let score = cell(k, .score) else { continue }
            if agreement, let weight = cell(k, .effectiveWeight) {
                formula(k, .weighted, ScoringRules.weighted(score: .cell(score), weight: .cell(weight)), score4)
            }
            formula(k, .annexScore, ScoringRules.annexScore(score: .cell(score)), decimal2)
            put(k, .fullScore, .number(ScoringRules.fullScore), look.number(.general, center: true))
        }

        // The total (agreement): Σ weighted / Σ effective weight.
        var total: CellRef?, totalWeight: CellRef?
        if agreement, let scoreColumn = columns[.score], let weightColumn = columns[.effectiveWeight],
           let weightedColumn = columns[.weighted] {
            let lastRow = max(first, totalRow - 1)
            let totalLabel = look.totalText(screen: true)
            book.merge(at(totalRow, 0), at(totalRow, scoreColumn - 1), .text(ThaiLabels.weightedTotal), totalLabel)
            for c in scoreColumn...last { book.set(at(totalRow, c), .blank, look.totalNumber(.general, screen: true)) }
            if let base = columns[.baseWeight], base != weightColumn {
                book.set(at(totalRow, base), formula: .SUM([.column(at(first, base), through: lastRow)]), look.totalNumber(.general, screen: true))
            }
            let weightCell = at(totalRow, weightColumn), weightedCell = at(totalRow, weightedColumn), totalCell = at(totalRow, scoreColumn)
            book.set(weightCell, formula: .SUM([.column(at(first, weightColumn), through: lastRow)]), look.totalNumber(.general, screen: true))
            book.set(weightedCell, formula: .SUM([.column(at(first, weightedColumn), through: lastRow)]), look.totalNumber(.decimals(4), screen: true))
            book.set(totalCell, formula: ScoringRules.total(weightedSum: .cell(weightedCell), weightSum: .cell(weightCell)),
                     look.totalNumber(.decimals(4), screen: true))
            total = totalCell
            totalWeight = weightCell
        }

        // Each annex's (B), (A), (C) in this round, for the department's monitoring of round after round.
        var annexPercents: [String: CellRef] = [:]
        if unit.division.isDepartment, !annexes.isEmpty {
            let top = afterTable + 1
            book.merge(at(top, 0), at(top, min(last, 3)), .text(ThaiLabels.annexRoundSummary), look.noteBold)
            let hr = top + 1
            book.merge(at(hr, 0), at(hr, 1), .text(ThaiLabels.annexColumnTitle), header)
            for (c, label) in ["(B)", "(A)", "(C)"].enumerated() { book.set(at(hr, 2 + c), .text(label), header) }
            for (k, table) in annexes.enumerated() {
                let r = hr + 1 + k
                book.merge(at(r, 0), at(r, 1), .text(table.title.isEmpty ? unit.division.name : table.title), look.text())
                let members = table.indicators.filter { unit.rule($0, in: round) != nil }
                let b = at(r, 2), a = at(r, 3), c = at(r, 4)
                book.set(b, formula: .sum(of: members.compactMap { ref($0, .fullScore) }), look.number(.decimals(2)))
                book.set(a, formula: .sum(of: members.compactMap { ref($0, .annexScore) }), look.number(.decimals(2)))
                book.set(c, formula: ScoringRules.annexPercent(actual: .cell(a), full: .cell(b)), look.number(.percent))
                annexPercents[table.title] = c
            }
        }

        // Every cell of the table has its borders, the empty ones too.
        if !ids.isEmpty { book.fillBlanks(sheet, rows: first...(totalRow - 1), columns: 0...last, general) }
        for (k, span) in spans.enumerated() where span > 1 { book.extendDown(sheet, row: rowOf[k], rows: span) }
        if !ids.isEmpty, let scoreColumn = columns[.score] {
            sheet.conditionalFormats = Look.scoreBands(CellRange(at(first, scoreColumn), at(totalRow - 1, scoreColumn)))
        }
        SheetFinisher.finish(sheet, in: book, measure: look.measure, plan: PrintPlan(
            landscape: true, repeatRows: h...(h + 1), freeze: (first, (columns[.name] ?? 0) + 1), fillColumns: [nameColumn]))
        self.sheet = sheet
        self.round = round
        self.columns = columns
        self.rows = rows
        self.total = total
        self.totalWeight = totalWeight
        self.annexPercents = annexPercents
    }
}
