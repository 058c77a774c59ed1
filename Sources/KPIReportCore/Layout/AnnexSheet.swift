/// The annex table (`ภาคผนวก`, seed 003), an official sheet: per indicator the target, result, % of
/// target, the band columns `60-69.99%` … `100%`, the band value and level, full and actual score (all
/// read from the round's working sheet); per first-level section the (B)/(A) and (C) rows; then the
/// overall rows, whose (C) is the annex's headline figure.
enum AnnexSheet {
    enum Col {
        static let seq = 0, name = 1, target = 2, result = 3, ratio = 4, bands = 5, bandValue = 10, level = 11, full = 12, actual = 13
        static let last = 13
        // The band columns hold `60-69.99%` on one line, as seed 003 prints it.
        static let widths: [Double] = [4, 30, 8, 7, 8, 9, 9, 9, 9, 9, 6, 6, 6, 9]
    }

    /// The subtotal cells of a section: (B), (A), (C).
    struct Subtotal {
        let title: String
        let full: CellRef
        let actual: CellRef
        let percent: CellRef
    }

    /// The cells an annex's figures are read from.
    struct Built {
        let overall: Subtotal
        let sections: [Subtotal]
    }

    /// Lays out an annex whose scores live on `round` (the reported round's working sheet of the same
    /// workbook).
    static func build(_ table: AnnexTable, unit: UnitInputs, round: RoundSheet, name: String, book: Workbook, look: Look) -> Built {
        let sheet = book.addSheet(name)
        sheet.columnWidths = Col.widths
        func at(_ r: Int, _ c: Int) -> CellRef { sheet.ref(r, c) }
        let title = table.title.isEmpty
            ? ThaiLabels.annexTitle(fiscalYear: unit.fiscalYear, division: unit.division.name)
            : ThaiLabels.annexTitle(named: table.title)
        book.merge(at(0, 0), at(0, Col.last), .text(look.titleText(title, landscape: true)), look.title)
        book.merge(at(1, 0), at(1, Col.last), .text(ThaiLabels.roundWithPeriod(round.round, fiscalYear: unit.fiscalYear)), look.subtitle)
        let h = 3
        let header = look.header()
        let spanning: [(Int, String)] = [(Col.seq, ThaiLabels.sequenceColumn), (Col.name, ThaiLabels.indicatorColumn),
                                         (Col.target, ThaiLabels.targetColumn), (Col.result, ThaiLabels.annexResultColumn),
                                         (Col.ratio, ThaiLabels.annexRatioColumn), (Col.bandValue, ThaiLabels.bandValueColumn),
                                         (Col.level, ThaiLabels.bandLevelColumn), (Col.full, ThaiLabels.fullScoreColumn),
                                         (Col.actual, ThaiLabels.actualScoreColumn)]
        for (c, text) in spanning { book.merge(at(h, c), at(h + 1, c), .text(text), header) }
        for k in 1...5 {
            book.set(at(h, Col.bands + k - 1), .text(ThaiLabels.bandColumn(k, thaiDigits: look.thaiDigits)), header)
            book.set(at(h + 1, Col.bands + k - 1), .text(ThaiLabels.bandRange(k, thaiDigits: look.thaiDigits)), header)
        }

        var r = h + 2
        var seq = 0
        var keep = Set<Int>()
        let centered = look.number(.general, center: true)
        let decimal2 = look.number(.decimals(2))

        /// One indicator's row; returns its full-score and actual-score cells.
        func indicatorRow(_ id: IndicatorID) -> (full: CellRef, actual: CellRef) {
            seq += 1
            let rule = unit.rule(id, in: round.round) ?? unit.first(id)
            book.set(at(r, Col.seq), .number(Double(seq)), centered)
            book.set(at(r, Col.name), .text(rule?.name ?? ""), look.text())
            func copy(_ field: RoundSheet.Field, _ column: Int, _ style: StyleID) {
                if let source = round.cell(id, field) {
                    book.set(at(r, column), formula: .cell(source), style)
                } else {
                    book.set(at(r, column), .blank, style)
                }
            }
            copy(.target, Col.target, look.number(rule?.target.map(Look.asEntered) ?? .general))
            let result = round.cell(id, .result).map { book.value(at: $0) }
            copy(.result, Col.result, result?.number.map { look.number(Look.asEntered($0)) } ?? look.remark())
            if rule?.rule.method == .targetRatio {
                copy(.ratio, Col.ratio, decimal2)
                copy(.level, Col.level, centered)
                for k in 1...5 {
                    book.set(at(r, Col.bands + k - 1), formula: ScoringRules.bandMark(level: .cell(at(r, Col.level)), column: k), centered)
                }
                book.set(at(r, Col.bandValue), formula: .SUM([.range(at(r, Col.bands), at(r, Col.bands + 4), absolute: false)]), centered)
            } else {
                for c in [Col.ratio, Col.bands, Col.bands + 1, Col.bands + 2, Col.bands + 3, Col.bands + 4, Col.bandValue] {
                    book.set(at(r, c), .blank, centered)
                }
                copy(.level, Col.level, centered)
            }
            book.set(at(r, Col.full), .number(ScoringRules.fullScore), centered)
            copy(.annexScore, Col.actual, decimal2)
            let cells = (at(r, Col.full), at(r, Col.actual))
            // A name taller than Excel's tallest row continues on rows below.
            let rows = SheetFinisher.continueDown([(rule?.name ?? "", Col.name...Col.name, look.text())], row: r,
                                                  in: sheet, book: book, measure: look.measure)
            for row in r..<(r + rows - 1) { keep.insert(row) }
            r += rows
            return cells
        }

        var sections: [Subtotal] = []
        /// The (B)/(A) row and the (C) row of a section.
        func subtotal(_ title: String, full: [CellRef], actual: [CellRef], countLabel: String, percentLabel: String) -> Subtotal {
            let label = look.totalText(left: true)
            book.merge(at(r, 0), at(r, Col.level), .text(countLabel), label)
            let b = at(r, Col.full), a = at(r, Col.actual)
            book.set(b, formula: .sum(of: full), look.totalNumber(.labelled("(B)=", decimals: 2)))
            book.set(a, formula: .sum(of: actual), look.totalNumber(.labelled("(A)=", decimals: 2)))
            keep.insert(r)
            r += 1
            book.merge(at(r, 0), at(r, Col.full), .text(percentLabel), label)
            let c = at(r, Col.actual)
            book.set(c, formula: ScoringRules.annexPercent(actual: .cell(a), full: .cell(b)), look.totalNumber(.percent))
            r += 1
            return Subtotal(title: title, full: b, actual: a, percent: c)
        }

        func write(_ entries: [AnnexEntry]) -> (full: [CellRef], actual: [CellRef]) {
            var full: [CellRef] = [], actual: [CellRef] = []
            for entry in entries {
                switch entry {
                case .indicator(let id):
                    let cells = indicatorRow(id)
                    full.append(cells.full)
                    actual.append(cells.actual)
                case .group(let title, let depth, let inner):
                    let heading = ThaiLabels.sectionBullet + title
                    book.merge(at(r, 0), at(r, Col.last), .text(heading), look.group(depth: depth))
                    let rows = SheetFinisher.continueDown([(heading, 0...Col.last, look.group(depth: depth))], row: r,
                                                          in: sheet, book: book, measure: look.measure)
                    for row in r..<(r + rows) { keep.insert(row) }
                    r += rows
                    let cells = write(inner)
                    full += cells.full
                    actual += cells.actual
                    if depth == 0 {
                        sections.append(subtotal(title, full: cells.full, actual: cells.actual,
                                     countLabel: ThaiLabels.groupSubtotal(title, count: cells.full.count),
                                     percentLabel: ThaiLabels.groupPercent(title)))
                    }
                }
            }
            return (full, actual)
        }
        let all = write(table.entries)
        let overall = subtotal(table.title, full: all.full, actual: all.actual,
                               countLabel: ThaiLabels.overallSubtotal(count: all.full.count),
                               percentLabel: ThaiLabels.overallPercent)
        SheetFinisher.finish(sheet, in: book, measure: look.measure, plan: PrintPlan(
            landscape: true, repeatRows: h...(h + 1), keepWithNext: keep, freeze: (h + 2, 0), fillColumns: [Col.name]))
        return Built(overall: overall, sections: sections)
    }
}
