/// The annex table (`ภาคผนวก`, seed 003): per indicator the target, result, % of target, the band
/// columns ๖๐–๖๙.๙๙% … ๑๐๐%, the band value and level, full and actual score; per section the
/// (B), (A) and (C) rows; the overall (C) carries `Annex_C`.
enum AnnexSheet {
    enum Col {
        static let seq = 0, name = 1, target = 2, result = 3, ratio = 4, bands = 5, bandValue = 10, level = 11, full = 12, actual = 13
        static let last = 13
    }

    struct Built {
        var sheet: Worksheet
        /// The overall (C) cell.
        var percent: CellAddress
        /// Every section's (C) cell, by the section's title path.
        var groupPercents: [(title: String, cell: CellAddress)]
    }

    /// Lays out an annex whose scores live on `round` (a round working sheet of the same workbook).
    static func build(_ table: AnnexTable, name: String, title: String, fiscalYear: Int, round: RoundSheet,
                      styles s: Styles) -> Built {
        var ws = Worksheet(name: name)
        ws.title(0, through: Col.last, title, s.title, width: 185)
        ws.title(1, through: Col.last, ThaiLabels.roundName(table.round) + " " + ThaiLabels.roundPeriod(table.round, fiscalYear: fiscalYear),
                 s.subtitle, width: 185)
        let h = 3
        let spanning: [(Int, String)] = [(Col.seq, ThaiLabels.sequenceColumn), (Col.name, ThaiLabels.indicatorColumn),
                                         (Col.target, ThaiLabels.targetColumn), (Col.result, ThaiLabels.annexResultColumn),
                                         (Col.ratio, ThaiLabels.annexRatioColumn), (Col.bandValue, ThaiLabels.bandValueColumn),
                                         (Col.level, ThaiLabels.bandLevelColumn), (Col.full, ThaiLabels.fullScoreColumn),
                                         (Col.actual, ThaiLabels.actualScoreColumn)]
        for (c, text) in spanning { ws.merge(h, c, to: h + 1, c, .text(text), s.header) }
        for k in 1...5 {
            ws.set(h, Col.bands + k - 1, .text(ThaiLabels.bandColumn(k)), s.header)
            ws.set(h + 1, Col.bands + k - 1, .text(ThaiLabels.bandRange(k)), s.header)
        }
        ws.rowHeights[h] = RowHeight.points(lines: 2)
        ws.rowHeights[h + 1] = RowHeight.points(lines: 2)

        var r = h + 2
        var seq = 0
        var groupPercents: [(String, CellAddress)] = []
        let sheetName = round.sheet.name
        // Writes entries; returns the full-score and actual-score cells written (for the enclosing subtotal).
        func write(_ entries: [AnnexEntry], depth: Int) -> (full: [CellAddress], actual: [CellAddress]) {
            var full: [CellAddress] = [], actual: [CellAddress] = []
            for entry in entries {
                switch entry {
                case .indicator(let indicator):
                    seq += 1
                    let cells = indicatorRow(indicator, row: r, seq: seq, round: round, sheetName: sheetName, &ws, s)
                    full.append(cells.full)
                    actual.append(cells.actual)
                    r += 1
                case .group(let group):
                    ws.merge(r, 0, to: r, Col.last, .text("◆ " + group.title), s.group(depth: depth))
                    ws.rowHeights[r] = RowHeight.points(lines: RowHeight.lines(group.title, width: 150))
                    r += 1
                    let inner = write(group.entries, depth: depth + 1)
                    let percent = subtotal(full: inner.full, actual: inner.actual, totals: group.totals,
                                           countLabel: ThaiLabels.groupSubtotal(group.title, count: group.totals.count),
                                           percentLabel: ThaiLabels.groupPercent(group.title), &ws, &r, s)
                    groupPercents.append((group.title, percent))
                    full += inner.full
                    actual += inner.actual
                }
            }
            return (full, actual)
        }
        let all = write(table.entries, depth: 0)
        let percent = subtotal(full: all.full, actual: all.actual, totals: table.totals,
                               countLabel: ThaiLabels.overallSubtotal(count: table.totals.count),
                               percentLabel: ThaiLabels.overallPercent, &ws, &r, s)
        ws.columns = [ColumnFormat(first: Col.seq, width: 6), ColumnFormat(first: Col.name, width: 46),
                      ColumnFormat(first: Col.target, last: Col.result, width: 11), ColumnFormat(first: Col.ratio, width: 11),
                      ColumnFormat(first: Col.bands, last: Col.bands + 4, width: 12), ColumnFormat(first: Col.bandValue, last: Col.level, width: 9),
                      ColumnFormat(first: Col.full, width: 17), ColumnFormat(first: Col.actual, width: 17)]
        ws.freeze = CellAddress(row: h + 2, column: 0)
        ws.page.landscape = true
        ws.page.repeatRows = h...(h + 1)
        return Built(sheet: ws, percent: percent, groupPercents: groupPercents)
    }

    private static func indicatorRow(_ indicator: ScoredIndicator, row r: Int, seq: Int, round: RoundSheet, sheetName: String,
                                     _ ws: inout Worksheet, _ s: Styles) -> (full: CellAddress, actual: CellAddress) {
        func from(_ field: RoundSheet.Field) -> String { round.cell(indicator.id, field)?.on(sheetName) ?? "0" }
        let working = indicator.working
        let rule = indicator.rule
        func ref(_ c: Int) -> String { CellAddress(row: r, column: c).description }
        ws.set(r, Col.seq, .number(Double(seq)), s.number(s.general).with { $0.horizontal = .center })
        ws.set(r, Col.name, .text(rule.name), s.text)
        ws.rowHeights[r] = RowHeight.points(lines: RowHeight.lines(rule.name, width: 46))
        if let target = rule.target {
            ws.set(r, Col.target, .formula("=" + from(.target), cached: .number(target)), s.number(s.general))
        } else {
            ws.set(r, Col.target, .blank, s.number(s.general))
        }
        if let measured = working?.measured {
            ws.set(r, Col.result, .formula("=" + from(.result), cached: .number(measured)), s.number(s.decimal2))
        } else {
            ws.set(r, Col.result, .blank, s.number(s.decimal2))
        }
        let level = working?.level ?? 0
        if rule.method == .targetRatio {
            ws.set(r, Col.ratio, .formula("=" + from(.ratio), cached: working?.ratio.map(FormulaValue.number) ?? .text("")),
                   s.number(s.decimal2))
            var bandSum = 0.0
            for k in 1...5 {
                let value = level == k ? ScoringMethods.bandValue(level: k) : 0
                bandSum += value
                ws.set(r, Col.bands + k - 1, .formula("=IF(\(ref(Col.level))=\(k),\(Int(ScoringMethods.bandValue(level: k))),0)", cached: .number(value)),
                       s.number(s.general).with { $0.horizontal = .center })
            }
            let first = CellAddress(row: r, column: Col.bands), last = CellAddress(row: r, column: Col.bands + 4)
            ws.set(r, Col.bandValue, .formula("=SUM(\(CellRange(first, last)))", cached: .number(bandSum)),
                   s.number(s.general).with { $0.horizontal = .center })
        } else {
            for c in [Col.ratio, Col.bands, Col.bands + 1, Col.bands + 2, Col.bands + 3, Col.bands + 4, Col.bandValue] {
                ws.set(r, c, .blank, s.number(s.general))
            }
        }
        ws.set(r, Col.level, .formula("=" + from(.level), cached: .number(Double(level))),
               s.number(s.general).with { $0.horizontal = .center })
        ws.set(r, Col.full, .number(5), s.number(s.general).with { $0.horizontal = .center })
        ws.set(r, Col.actual, .formula("=" + from(.annexScore), cached: .number(working?.annexScore ?? 0)),
               s.number(s.decimal2))
        return (CellAddress(row: r, column: Col.full), CellAddress(row: r, column: Col.actual))
    }

    /// The two subtotal rows of a section: (B) and (A), then (C) = A × 100 / B. Returns the (C) cell.
    private static func subtotal(full: [CellAddress], actual: [CellAddress], totals: AnnexTotals, countLabel: String,
                                 percentLabel: String, _ ws: inout Worksheet, _ r: inout Int, _ s: Styles) -> CellAddress {
        ws.merge(r, 0, to: r, Col.level, .text(countLabel), s.totalText.with { $0.horizontal = .left })
        let b = CellAddress(row: r, column: Col.full), a = CellAddress(row: r, column: Col.actual)
        ws.set(r, Col.full, .formula("=" + ScoreFormulas.sum(full), cached: .number(totals.full)),
               s.totalNumber(s.format("\"(B)=\"0.00")))
        ws.set(r, Col.actual, .formula("=" + ScoreFormulas.sum(actual), cached: .number(totals.actual)),
               s.totalNumber(s.format("\"(A)=\"0.00")))
        ws.rowHeights[r] = RowHeight.points(lines: RowHeight.lines(countLabel, width: 120))
        r += 1
        ws.merge(r, 0, to: r, Col.full, .text(percentLabel), s.totalText.with { $0.horizontal = .left })
        let c = CellAddress(row: r, column: Col.actual)
        ws.set(r, Col.actual, .formula("=IF(\(b)=0,0,ROUND(\(a)*100/\(b),2))", cached: .number(totals.percent)), s.totalNumber(s.percent))
        ws.rowHeights[r] = RowHeight.points(lines: RowHeight.lines(percentLabel, width: 130))
        r += 1
        return c
    }
}
