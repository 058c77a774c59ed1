/// A round's working sheet (`รอบ ๖ เดือน`): per indicator the result (or numerator/denominator),
/// criteria or target, ratio, level, score, days late, penalty, weights and weighted score, each
/// derived cell a formula over the cells it depends on; the weighted total carries `Total_<round>`.
///
/// Columns a division does not use (numerator/denominator, ratio, late penalty, weight moves) are
/// left out so that the sheet prints legibly on one landscape page width.
struct RoundSheet {
    /// What a column holds.
    enum Field: CaseIterable {
        case id, name, unit, method, t1, t2, t3, t4, t5, target, numerator, denominator, result, ratio, level, rawScore,
             due, reported, daysLate, penaltyRate, penalty, score, baseWeight, movedOut, movedIn, effectiveWeight, weighted,
             annexScore

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

        var width: Double {
            switch self {
            case .id: return 6
            case .name: return 34
            case .unit: return 7
            case .method: return 11
            case .t1, .t2, .t3, .t4, .t5: return 7
            case .target: return 10
            case .numerator, .denominator, .level: return 7
            case .result, .ratio, .rawScore, .score, .weighted: return 9
            case .due, .reported: return 12
            case .daysLate, .penaltyRate, .penalty: return 7
            case .annexScore: return 9
            case .baseWeight, .movedOut, .movedIn, .effectiveWeight: return 7
            }
        }
    }

    /// The sheet.
    var sheet: Worksheet
    /// Column of each field present.
    let columns: [Field: Int]
    /// Row of each indicator.
    let rows: [IndicatorID: Int]
    /// The total cell (weighted average score).
    let total: CellAddress
    /// The total weight cell.
    let totalWeight: CellAddress

    /// Address of an indicator's field, when the sheet has that column.
    func cell(_ id: IndicatorID, _ field: Field) -> CellAddress? {
        guard let row = rows[id], let column = columns[field] else { return nil }
        return CellAddress(row: row, column: column)
    }

    static let headerRow = 4

    /// Lays out one division's round.
    init(_ scored: DivisionRound, name: String, styles s: Styles, labels: IndicatorLabels) {
        let assessed = scored.indicators.filter(\.isAssessed)
        let rules = scored.indicators.map(\.rule)
        let hasCriteria = rules.contains { $0.method == .threshold }
        let hasTarget = rules.contains { $0.target != nil }
        let hasFraction = assessed.contains { $0.result?.numerator != nil && $0.result?.value == nil }
        let hasRatio = rules.contains { $0.method == .targetRatio }
        let hasLate = rules.contains { $0.latePenalty > 0 }
        let hasMoves = !scored.moves.isEmpty
        let fields = Field.allCases.filter { field in
            switch field {
            case .t1, .t2, .t3, .t4, .t5: return hasCriteria
            case .target: return hasTarget
            case .numerator, .denominator: return hasFraction
            case .ratio: return hasRatio
            case .due, .reported, .daysLate, .penaltyRate, .penalty: return hasLate
            case .movedOut, .movedIn: return hasMoves
            default: return true
            }
        }
        var columns: [Field: Int] = [:]
        for (i, field) in fields.enumerated() { columns[field] = i }
        let last = fields.count - 1

        var sheet = Worksheet(name: name)
        let width = fields.reduce(0) { $0 + $1.width }
        sheet.title(0, through: last, ThaiLabels.workingTitle(round: scored.round, fiscalYear: scored.fiscalYear), s.title, width: width)
        sheet.title(1, through: last, scored.division.name, s.subtitle, width: width)
        sheet.title(2, through: last, ThaiLabels.roundPeriod(scored.round, fiscalYear: scored.fiscalYear), s.subtitle, width: width)
        let h = RoundSheet.headerRow
        // Two header rows: a group heading over related columns, the column's own title below.
        var i = 0
        while i < fields.count {
            let field = fields[i]
            if let group = field.group {
                var j = i
                while j + 1 < fields.count && fields[j + 1].group == group { j += 1 }
                if j == i && group == field.title {
                    sheet.merge(h, i, to: h + 1, i, .text(field.title), s.header)
                } else {
                    sheet.merge(h, i, to: h, j, .text(group), s.header)
                    for k in i...j { sheet.set(h + 1, k, .text(fields[k].title), s.header) }
                }
                i = j + 1
            } else {
                sheet.merge(h, i, to: h + 1, i, .text(field.title), s.header)
                i += 1
            }
        }
        sheet.rowHeights[h] = RowHeight.points(lines: 2)
        sheet.rowHeights[h + 1] = RowHeight.points(lines: 3)

        let first = h + 2
        var rows: [IndicatorID: Int] = [:]
        for (k, indicator) in scored.indicators.enumerated() { rows[indicator.id] = first + k }
        let totalRow = first + scored.indicators.count
        let movesHeading = totalRow + 2
        let firstMove = movesHeading + 2
        var outRefs: [IndicatorID: [CellAddress]] = [:]
        var inRefs: [IndicatorID: [CellAddress]] = [:]
        for (k, move) in scored.moves.enumerated() {
            let amount = CellAddress(row: firstMove + k, column: 3)
            outRefs[move.from, default: []].append(amount)
            if let to = move.to { inRefs[to, default: []].append(amount) }
        }

        for indicator in scored.indicators {
            guard let r = rows[indicator.id] else { continue }
            let rule = indicator.rule
            func ref(_ field: Field) -> String { columns[field].map { CellAddress(row: r, column: $0).description } ?? "0" }
            func put(_ field: Field, _ value: CellValue, _ style: CellStyle) {
                if let c = columns[field] { sheet.set(r, c, value, style) }
            }
            for field in fields { put(field, .blank, s.number(s.general)) }
            put(.id, .text(labels.id(indicator.id)), s.centered)
            put(.name, .text(rule.name), s.text)
            put(.unit, .text(rule.unit), s.centered)
            put(.method, .text(ThaiLabels.methodName(rule.method, rule.direction)), s.centered)
            if rule.criteria.count == 5 {
                for (k, field) in [Field.t1, .t2, .t3, .t4, .t5].enumerated() { put(field, .number(rule.criteria[k]), s.number(s.general)) }
            }
            if let target = rule.target { put(.target, .number(target), s.number(s.general)) }
            put(.baseWeight, .number(indicator.baseWeight), s.number(s.general))
            if let outs = outRefs[indicator.id] {
                put(.movedOut, .formula("=" + ScoreFormulas.sum(outs), cached: .number(indicator.movedOut)), s.number(s.general))
            }
            if let ins = inRefs[indicator.id] {
                put(.movedIn, .formula("=" + ScoreFormulas.sum(ins), cached: .number(indicator.movedIn)), s.number(s.general))
            }
            let effective = hasMoves ? "=\(ref(.baseWeight))-\(ref(.movedOut))+\(ref(.movedIn))" : "=\(ref(.baseWeight))"
            put(.effectiveWeight, .formula(effective, cached: .number(indicator.effectiveWeight)), s.number(s.general))
            guard let working = indicator.working else {
                put(.score, .text(indicator.assessedIn.map(ThaiLabels.reportedIn) ?? "-"), s.remark)
                continue
            }
            let result = indicator.result
            if let numerator = result?.numerator, let denominator = result?.denominator, result?.value == nil {
                put(.numerator, .number(numerator), s.number(s.general))
                put(.denominator, .number(denominator), s.number(s.general))
                put(.result, .formula("=\(ref(.numerator))*100/\(ref(.denominator))", cached: .number(working.measured ?? 0)),
                    s.number(s.decimal2))
            } else if let measured = working.measured {
                put(.result, .number(measured), s.number(s.general))
            }
            let m = ref(.result)
            let criteria = [Field.t1, .t2, .t3, .t4, .t5].map(ref)
            switch rule.method {
            case .threshold:
                put(.level, .formula(ScoreFormulas.thresholdLevel(r: m, t: criteria, direction: rule.direction),
                                     cached: .number(Double(working.level))), s.number(s.general))
                put(.rawScore, .formula(ScoreFormulas.thresholdScore(r: m, t: criteria, direction: rule.direction),
                                        cached: .number(working.rawScore)), s.number(s.score4))
            case .targetRatio:
                put(.ratio, .formula(ScoreFormulas.ratio(r: m, target: ref(.target), direction: rule.direction),
                                     cached: working.ratio.map(FormulaValue.number) ?? .text("")), s.number(s.decimal2))
                put(.level, .formula(ScoreFormulas.bandLevel(ratio: ref(.ratio)), cached: .number(Double(working.level))),
                    s.number(s.general))
                put(.rawScore, .formula(ScoreFormulas.bandScore(ratio: ref(.ratio)), cached: .number(working.rawScore)),
                    s.number(s.score4))
            case .level:
                put(.level, .formula(ScoreFormulas.levelLevel(r: m), cached: .number(Double(working.level))), s.number(s.general))
                put(.rawScore, .formula(ScoreFormulas.levelScore(r: m), cached: .number(working.rawScore)), s.number(s.score4))
            }
            if hasLate {
                if let due = result?.dueOn { put(.due, .date(due), s.number(s.date)) }
                if let reported = result?.reportedOn { put(.reported, .date(reported), s.number(s.date)) }
                let late = result?.daysLate ?? 0
                put(.daysLate, .formula("=IF(OR(\(ref(.due))=\"\",\(ref(.reported))=\"\"),0,MAX(0,\(ref(.reported))-\(ref(.due))))",
                                        cached: .number(Double(late))), s.number(s.general))
                if rule.latePenalty > 0 { put(.penaltyRate, .number(rule.latePenalty), s.number(s.decimal2)) }
                put(.penalty, .formula("=\(ref(.daysLate))*\(ref(.penaltyRate))", cached: .number(Double(late) * rule.latePenalty)),
                    s.number(s.decimal2))
                put(.score, .formula("=MAX(0,\(ref(.rawScore))-\(ref(.penalty)))", cached: .number(working.score)), s.number(s.score4))
            } else {
                put(.score, .formula("=\(ref(.rawScore))", cached: .number(working.score)), s.number(s.score4))
            }
            put(.weighted, .formula("=\(ref(.score))*\(ref(.effectiveWeight))", cached: .number(indicator.weightedScore)),
                s.number(s.score4))
            put(.annexScore, .formula("=ROUND(\(ref(.score)),2)", cached: .number(working.annexScore)), s.number(s.decimal2))
        }

        // Total row.
        let lastRow = max(first, totalRow - 1)
        func range(_ field: Field) -> String {
            let c = columns[field] ?? 0
            return CellRange(CellAddress(row: first, column: c), CellAddress(row: lastRow, column: c)).description
        }
        let scoreColumn = columns[.score] ?? 0
        sheet.merge(totalRow, 0, to: totalRow, scoreColumn - 1, .text(ThaiLabels.weightedTotal), s.totalText)
        for c in scoreColumn...last { sheet.set(totalRow, c, .blank, s.totalNumber(s.general)) }
        let weightCell = CellAddress(row: totalRow, column: columns[.effectiveWeight] ?? 0)
        let weightedCell = CellAddress(row: totalRow, column: columns[.weighted] ?? 0)
        let totalCell = CellAddress(row: totalRow, column: scoreColumn)
        if let c = columns[.baseWeight] {
            sheet.set(totalRow, c, .formula("=SUM(\(range(.baseWeight)))", cached: .number(scored.indicators.reduce(0) { $0 + $1.baseWeight })),
                      s.totalNumber(s.general))
        }
        sheet[weightCell] = Cell(.formula("=SUM(\(range(.effectiveWeight)))", cached: .number(scored.totalWeight)), s.totalNumber(s.general))
        sheet[weightedCell] = Cell(.formula("=SUM(\(range(.weighted)))", cached: .number(scored.weightedSum)), s.totalNumber(s.score4))
        sheet[totalCell] = Cell(.formula("=IF(\(weightCell)=0,0,ROUND(\(weightedCell)/\(weightCell),4))", cached: .number(scored.total)),
                                      s.totalNumber(s.score4))
        sheet.rowHeights[totalRow] = RowHeight.points(lines: 1)

        // Moves.
        if hasMoves {
            sheet.merge(movesHeading, 0, to: movesHeading, 3, .text(ThaiLabels.movesHeading), CellStyle().with { $0.bold = true })
            let mh = movesHeading + 1
            for (c, label) in [ThaiLabels.moveFromColumn, ThaiLabels.detailColumn, ThaiLabels.moveToColumn, ThaiLabels.moveAmountColumn].enumerated() {
                sheet.set(mh, c, .text(label), s.header)
            }
            sheet.rowHeights[mh] = RowHeight.points(lines: 2)
            for (k, move) in scored.moves.enumerated() {
                let r = firstMove + k
                let from = scored.indicators.first { $0.id == move.from }
                sheet.set(r, 0, .text(labels.id(move.from)), s.centered)
                sheet.set(r, 1, .text(from?.rule.name ?? ""), s.text)
                sheet.set(r, 2, .text(move.to.map(labels.id) ?? "-"), s.centered)
                sheet.rowHeights[r] = RowHeight.points(lines: RowHeight.lines(from?.rule.name ?? "", width: Field.name.width))
                let whole = from?.rule.moves.first { $0.target == move.to }?.amount == nil
                if whole, let source = rows[move.from].flatMap({ row in columns[.baseWeight].map { CellAddress(row: row, column: $0) } }) {
                    sheet.set(r, 3, .formula("=\(source)", cached: .number(move.amount)), s.number(s.general))
                } else {
                    sheet.set(r, 3, .number(move.amount), s.number(s.general))
                }
            }
        }

        sheet.columns = fields.enumerated().map { ColumnFormat(first: $0.offset, width: $0.element.width) }
        for indicator in scored.indicators {
            if let r = rows[indicator.id] {
                sheet.rowHeights[r] = RowHeight.points(lines: RowHeight.lines(indicator.rule.name, width: Field.name.width))
            }
        }
        sheet.freeze = CellAddress(row: first, column: (columns[.name] ?? 0) + 1)
        sheet.page.landscape = true
        sheet.page.repeatRows = h...(h + 1)
        if !scored.indicators.isEmpty {
            sheet.conditionalFormats = Styles.scoreBands(CellRange(CellAddress(row: first, column: scoreColumn),
                                                                   CellAddress(row: lastRow, column: scoreColumn)))
        }
        self.sheet = sheet
        self.columns = columns
        self.rows = rows
        self.total = totalCell
        self.totalWeight = weightCell
    }
}

/// How indicator numbers are printed: as given, or in Thai digits.
public struct IndicatorLabels {
    public let thaiDigits: Bool

    /// Creates the labels.
    public init(thaiDigits: Bool) { self.thaiDigits = thaiDigits }

    /// The printed number.
    public func id(_ id: IndicatorID) -> String { thaiDigits ? ThaiDigits.toThai(id.value) : id.value }
}
