/// The score summary (`สรุปผลคะแนน`, seed 001), an official sheet: the unit's indicators with the
/// score and the weight of the reported round (formulas over the round's working sheet), the total row,
/// and one note per weight move, worded as the official summaries word it.
enum SummarySheet {
    static let widths: [Double] = [5, 42, 10, 6]

    static func build(_ unit: UnitInputs, round: RoundSheet, name: String, book: Workbook, look: Look) {
        let sheet = book.addSheet(name)
        sheet.columnWidths = widths
        func at(_ r: Int, _ c: Int) -> CellRef { sheet.ref(r, c) }
        book.merge(at(0, 0), at(0, 3), .text(look.titleText(ThaiLabels.summaryTitle(fiscalYear: unit.fiscalYear), landscape: false)), look.title)
        book.merge(at(1, 0), at(1, 3), .text(ThaiLabels.roundWithPeriod(round.round, fiscalYear: unit.fiscalYear)), look.subtitle)
        // Header as in seed 001: ตัวชี้วัด spans two rows; the unit's name heads the other three.
        let header = look.header()
        book.merge(at(3, 0), at(4, 0), .text(ThaiLabels.indicatorColumn), header)
        book.merge(at(3, 1), at(3, 3), .text(unit.division.name), header)
        book.set(at(4, 1), .text(ThaiLabels.detailColumn), header)
        book.set(at(4, 2), .text(ThaiLabels.scoreColumn), header)
        book.set(at(4, 3), .text(ThaiLabels.weightColumn), header)
        var r = 5
        var keep = Set<Int>()
        var weightCells: [CellRef] = []
        let plan = unit.plans[round.round]
        for id in unit.ids {
            let rule = unit.rule(id, in: round.round)
            book.set(at(r, 0), .text(look.id(id)), look.text(center: true))
            let name = (rule ?? unit.first(id))?.name ?? ""
            book.set(at(r, 1), .text(name), look.text())
            if rule != nil, let score = round.cell(id, .score), let result = round.cell(id, .result),
               let weight = round.cell(id, .effectiveWeight) {
                // A result nobody reported shows as such here, while the total counts it as 0.
                let shown: Formula = .IF(.ISNUMBER(.cell(result)), .cell(score), .text(ThaiLabels.noResult))
                let value = book.set(at(r, 2), formula: shown, look.number(.decimals(4)))
                if value.text != nil { book.set(at(r, 2), formula: shown, look.remark()) }
                book.set(at(r, 3), formula: .cell(weight), look.number(.general, center: true))
                weightCells.append(at(r, 3))
            } else {
                let remark = unit.assessingRound(id, after: round.round).map(ThaiLabels.reportedIn) ?? "-"
                book.set(at(r, 2), .text(remark), look.remark())
                book.set(at(r, 3), .blank, look.number(.general, center: true))
            }
            // A name taller than Excel's tallest row continues on rows below.
            let rows = SheetFinisher.continueDown([(name, 1...1, look.text())], row: r, in: sheet, book: book, measure: look.measure)
            for row in r..<(r + rows - 1) { keep.insert(row) }
            r += rows
        }
        book.merge(at(r, 0), at(r, 1), .text(ThaiLabels.summaryTotal(fiscalYear: unit.fiscalYear)), look.totalText())
        if let total = round.total {
            book.set(at(r, 2), formula: .cell(total), look.totalNumber(.decimals(4)))
        }
        book.set(at(r, 3), formula: .sum(of: weightCells), look.totalNumber(.general, center: true))
        r += 2
        let notes = moveNotes(unit, plan: plan, look: look)
        if !notes.isEmpty {
            book.merge(at(r, 0), at(r, 3), .text(ThaiLabels.notesHeading), look.noteBold)
            keep.insert(r)
            r += 1
            for note in notes {
                book.merge(at(r, 0), at(r, 3), .text(note), look.note)
                r += SheetFinisher.continueDown([(note, 0...3, look.note)], row: r, in: sheet, book: book, measure: look.measure)
            }
        }
        SheetFinisher.finish(sheet, in: book, measure: look.measure, plan: PrintPlan(
            landscape: false, repeatRows: 3...4, keepWithNext: keep, onePageIfPossible: true, freeze: (5, 0), fillColumns: [1]))
    }

    /// One note per indicator whose weight moved, in indicator order (seed 001's wording).
    static func moveNotes(_ unit: UnitInputs, plan: WeightPlan?, look: Look) -> [String] {
        guard let plan else { return [] }
        var notes: [String] = []
        var done = Set<IndicatorID>()
        func name(_ id: IndicatorID) -> String { unit.first(id)?.name ?? "" }
        for move in plan.moves where done.insert(move.from).inserted {
            let parts = plan.moves.filter { $0.from == move.from && $0.to != nil }
            guard !parts.isEmpty else { continue }
            let weight = unit.first(move.from)?.weight ?? 0
            let amounts = parts.map { $0.amount ?? weight }
            notes.append(ThaiLabels.moveNote(
                from: (look.id(move.from), name(move.from)), weight: NumberText.plain(amounts.reduce(0, +)),
                to: zip(parts, amounts).compactMap { part, amount in
                    part.to.map { (look.id($0), name($0), NumberText.plain(amount)) }
                }))
        }
        return notes
    }
}
