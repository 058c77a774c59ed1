/// The score summary (`สรุปผลคะแนน`, seed 001): title, the division's indicators with the score and
/// the weight of the reported round (formulas over the round's working sheet), the total row, and one
/// note per weight move worded as the official summaries word it.
public enum SummarySheet {
    static func build(_ scored: DivisionRound, round sheet: RoundSheet, styles s: Styles, labels: IndicatorLabels) -> Worksheet {
        var ws = Worksheet(name: ThaiLabels.Sheet.summary)
        ws.title(0, through: 3, ThaiLabels.summaryTitle(fiscalYear: scored.fiscalYear), s.title, width: 104)
        ws.title(1, through: 3, ThaiLabels.roundName(scored.round) + " (" + ThaiLabels.roundPeriod(scored.round, fiscalYear: scored.fiscalYear) + ")",
                 s.subtitle, width: 104)
        // Header as in seed 001: ตัวชี้วัด spans two rows; the division's name heads the other three.
        ws.merge(3, 0, to: 4, 0, .text(ThaiLabels.indicatorColumn), s.header)
        ws.merge(3, 1, to: 3, 3, .text(scored.division.name), s.header)
        ws.set(4, 1, .text(ThaiLabels.detailColumn), s.header)
        ws.set(4, 2, .text(ThaiLabels.scoreColumn), s.header)
        ws.set(4, 3, .text(ThaiLabels.weightColumn), s.header)
        ws.rowHeights[3] = RowHeight.points(lines: 1)
        ws.rowHeights[4] = RowHeight.points(lines: 1)
        var r = 5
        var weightCells: [CellAddress] = []
        for indicator in scored.indicators {
            ws.set(r, 0, .text(labels.id(indicator.id)), s.centered)
            ws.set(r, 1, .text(indicator.rule.name), s.text)
            ws.rowHeights[r] = RowHeight.points(lines: RowHeight.lines(indicator.rule.name, width: 70))
            if let working = indicator.working, let score = sheet.cell(indicator.id, .score),
               let weight = sheet.cell(indicator.id, .effectiveWeight) {
                ws.set(r, 2, .formula("=" + score.on(sheet.sheet.name), cached: .number(working.score)), s.number(s.score4))
                ws.set(r, 3, .formula("=" + weight.on(sheet.sheet.name), cached: .number(indicator.effectiveWeight)), s.number(s.general))
                weightCells.append(CellAddress(row: r, column: 3))
            } else {
                ws.set(r, 2, .text(indicator.assessedIn.map(ThaiLabels.reportedIn) ?? "-"), s.remark)
                ws.set(r, 3, .blank, s.number(s.general))
            }
            r += 1
        }
        let firstRow = 5, lastRow = r - 1
        ws.merge(r, 0, to: r, 1, .text(ThaiLabels.summaryTotal(fiscalYear: scored.fiscalYear)), s.totalText)
        ws.set(r, 2, .formula("=" + sheet.total.on(sheet.sheet.name), cached: .number(scored.total)), s.totalNumber(s.score4))
        ws.set(r, 3, .formula("=" + ScoreFormulas.sum(weightCells), cached: .number(scored.totalWeight)), s.totalNumber(s.general))
        r += 2
        let notes = moveNotes(scored, labels: labels)
        if !notes.isEmpty {
            ws.merge(r, 0, to: r, 3, .text(ThaiLabels.notesHeading), CellStyle().with { $0.bold = true })
            r += 1
            for note in notes {
                ws.merge(r, 0, to: r, 3, .text(note), s.note)
                ws.rowHeights[r] = RowHeight.points(lines: RowHeight.lines(note, width: 98))
                r += 1
            }
        }
        ws.columns = [ColumnFormat(first: 0, width: 8), ColumnFormat(first: 1, width: 70),
                      ColumnFormat(first: 2, width: 20), ColumnFormat(first: 3, width: 9)]
        ws.freeze = CellAddress(row: 5, column: 0)
        ws.page.repeatRows = 3...4
        if lastRow >= firstRow {
            ws.conditionalFormats = Styles.scoreBands(CellRange(CellAddress(row: firstRow, column: 2), CellAddress(row: lastRow, column: 2)))
        }
        return ws
    }

    /// One note per indicator whose weight moved, in indicator order.
    public static func moveNotes(_ scored: DivisionRound, labels: IndicatorLabels) -> [String] {
        var notes: [String] = []
        var done = Set<IndicatorID>()
        func name(_ id: IndicatorID) -> String { scored.indicators.first { $0.id == id }?.rule.name ?? "" }
        for move in scored.moves where done.insert(move.from).inserted {
            let parts = scored.moves.filter { $0.from == move.from && $0.to != nil }
            guard !parts.isEmpty else { continue }
            let total = parts.reduce(0) { $0 + $1.amount }
            notes.append(ThaiLabels.moveNote(from: (labels.id(move.from), name(move.from)), weight: NumberText.plain(total),
                                             to: parts.compactMap { part in
                                                 part.to.map { (labels.id($0), name($0), NumberText.plain(part.amount)) }
                                             }))
        }
        return notes
    }
}

/// Numbers written inside Thai sentences.
enum NumberText {
    /// `5`, `2.5`: no trailing zeros.
    static func plain(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        return String(ExcelMath.round(x, 4))
    }
}
