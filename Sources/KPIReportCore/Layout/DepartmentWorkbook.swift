/// The department's workbook (seed 003): every division at a glance with rank and chart, the
/// department's own annexes, the projects, and success round by round. Every figure is a formula
/// over sheets of the same workbook (a data sheet of indicator scores, the department's round sheets).
public enum DepartmentWorkbook {
    /// Lays out the department's workbook.
    public static func build(_ report: YearReport, options: LayoutOptions = .init()) -> Workbook {
        let s = Styles(thaiDigits: options.thaiDigits)
        let labels = IndicatorLabels(thaiDigits: options.thaiDigits)
        var names = SheetNames()
        let overviewName = names.claim(ThaiLabels.Sheet.overview)
        let dept = report.department
        let annexTables = dept.annexes.filter { !$0.entries.isEmpty }
        let annexNames = annexTables.indices.map { i in
            names.claim(annexTables.count == 1 ? ThaiLabels.Sheet.annex : "\(ThaiLabels.Sheet.annex) \(ThaiDigits.thai(i + 1))")
        }
        let projectsName = names.claim(ThaiLabels.Sheet.projects)
        let monitoringName = names.claim(ThaiLabels.Sheet.monitoring)
        let dataName = names.claim(ThaiLabels.Sheet.data)

        // Working sheets of the department's own units: the annexes and the monitoring refer to them.
        let unitReports = report.divisions.filter { dept.units.contains($0.division) }
        var roundSheets: [String: [Round: RoundSheet]] = [:]
        var workingSheets: [Worksheet] = []
        for unit in unitReports {
            for scored in unit.rounds {
                let title = (unitReports.count > 1 ? unit.division.id + " " : "") + ThaiLabels.roundName(scored.round)
                let sheet = RoundSheet(scored, name: names.claim(title), styles: s, labels: labels)
                roundSheets[unit.division.id, default: [:]][scored.round] = sheet
                workingSheets.append(sheet.sheet)
            }
        }

        var sheets: [Worksheet] = []
        var definedNames: [DefinedName] = []
        let ranked = report.rankedDivisions
        if !ranked.isEmpty {
            let data = DataSheet(ranked, name: dataName, styles: s, labels: labels)
            sheets.append(overview(report, ranked: ranked, data: data, name: overviewName, styles: s))
            workingSheets.insert(data.sheet, at: 0)
        }
        for (table, name) in zip(annexTables, annexNames) {
            guard let round = roundSheets[table.divisionID]?[table.round] else { continue }
            let built = AnnexSheet.build(table, name: name, title: "ค่าคะแนนวัดผลสำเร็จ" + table.title, fiscalYear: report.fiscalYear,
                                         round: round, styles: s)
            sheets.append(built.sheet)
            definedNames.append(DefinedName(name: "Annex_C", scope: annexTables.count == 1 ? nil : name, sheet: name, address: built.percent))
        }
        var projectsSuccess: CellAddress?
        if let projects = dept.projects {
            let built = ProjectsSheet.build(projects, name: projectsName, fiscalYear: report.fiscalYear, styles: s)
            sheets.append(built.sheet)
            projectsSuccess = built.success
            definedNames.append(DefinedName(name: "Projects_Success", sheet: projectsName, address: built.success))
        }
        let monitoringRounds = YearReport.monitoringRounds(report)
        if !monitoringRounds.isEmpty {
            sheets.append(MonitoringSheet.build(report, rounds: monitoringRounds, annexTitles: annexTables.map(\.title),
                                                roundSheets: roundSheets, projectsSheet: projectsName, projectsSuccess: projectsSuccess,
                                                name: monitoringName, styles: s))
        }
        if sheets.isEmpty {
            // Nothing of the department's own: still a valid workbook that says so.
            var empty = Worksheet(name: overviewName)
            empty.title(0, through: 5, ThaiLabels.overviewTitle(fiscalYear: report.fiscalYear, department: report.departmentName), s.title, width: 100)
            empty.set(2, 0, .text(ThaiLabels.noDivisions), s.note)
            sheets.append(empty)
        }
        let properties = DocumentProperties(
            title: ThaiLabels.departmentTitle(fiscalYear: report.fiscalYear, department: report.departmentName),
            subject: ThaiLabels.roundName(report.round) + " " + ThaiLabels.roundPeriod(report.round, fiscalYear: report.fiscalYear),
            company: report.departmentName, category: "รายงานผลการดำเนินงาน", keywords: "\(report.fiscalYear) \(report.round.code)",
            created: DivisionWorkbook.fixedTimestamp(report))
        return Workbook(properties: properties, sheets: sheets + workingSheets, names: definedNames)
    }

    // MARK: Overview

    static func overview(_ report: YearReport, ranked: [YearReport.DivisionReport], data: DataSheet, name: String, styles s: Styles) -> Worksheet {
        var ws = Worksheet(name: name)
        let rounds = report.rounds
        let firstRound = 3
        let rankColumn = firstRound + rounds.count
        let changeColumn = rankColumn + 1
        let last = rounds.count >= 2 ? changeColumn : rankColumn
        // The title spans the table and the chart beside it (about ten default-width columns).
        let chartColumns = 10
        let width = 6 + 8 + 44 + Double(rounds.count) * 12 + 8 + 13 + 3 + Double(chartColumns) * 8.43
        ws.title(0, through: last + 1 + chartColumns, ThaiLabels.overviewTitle(fiscalYear: report.fiscalYear, department: report.departmentName), s.title, width: width)
        ws.title(1, through: last + 1 + chartColumns, ThaiLabels.roundName(report.round) + " " + ThaiLabels.roundPeriod(report.round, fiscalYear: report.fiscalYear),
                 s.subtitle, width: width)
        let h = 3
        ws.merge(h, 0, to: h + 1, 0, .text(ThaiLabels.sequenceColumn), s.header)
        ws.merge(h, 1, to: h + 1, 1, .text(ThaiLabels.divisionIDColumn), s.header)
        ws.merge(h, 2, to: h + 1, 2, .text(ThaiLabels.divisionColumn), s.header)
        ws.merge(h, firstRound, to: h, firstRound + rounds.count - 1, .text(ThaiLabels.overviewScores), s.header)
        for (i, round) in rounds.enumerated() { ws.set(h + 1, firstRound + i, .text(ThaiLabels.roundName(round)), s.header) }
        ws.merge(h, rankColumn, to: h + 1, rankColumn, .text(ThaiLabels.rankColumn), s.header)
        if rounds.count >= 2 { ws.merge(h, changeColumn, to: h + 1, changeColumn, .text(ThaiLabels.changeColumn), s.header) }
        ws.rowHeights[h] = RowHeight.points(lines: 1)
        ws.rowHeights[h + 1] = RowHeight.points(lines: 2)

        let first = h + 2
        let lastRow = first + ranked.count - 1
        let current = rounds.count - 1
        // Totals by row and round, for ranks and changes.
        var totals: [[Double?]] = []
        for division in ranked {
            totals.append(rounds.map { round in
                data.blocks[division.division.id]?[round] == nil ? nil : division.rounds.first { $0.round == round }?.total
            })
        }
        for (i, division) in ranked.enumerated() {
            let r = first + i
            ws.set(r, 0, .number(Double(i + 1)), s.number(s.general).with { $0.horizontal = .center })
            ws.set(r, 1, .text(division.division.id), s.centered)
            ws.set(r, 2, .text(division.division.name), s.text)
            ws.rowHeights[r] = RowHeight.points(lines: RowHeight.lines(division.division.name, width: 44))
            for (k, round) in rounds.enumerated() {
                if let block = data.blocks[division.division.id]?[round], let total = totals[i][k] {
                    let weights = CellRange(CellAddress(row: block.lowerBound, column: DataSheet.weightColumn),
                                            CellAddress(row: block.upperBound, column: DataSheet.weightColumn)).absolute(on: data.sheet.name)
                    let weighted = CellRange(CellAddress(row: block.lowerBound, column: DataSheet.weightedColumn),
                                             CellAddress(row: block.upperBound, column: DataSheet.weightedColumn)).absolute(on: data.sheet.name)
                    ws.set(r, firstRound + k, .formula("=IF(SUM(\(weights))=0,0,ROUND(SUM(\(weighted))/SUM(\(weights)),4))", cached: .number(total)),
                           s.number(s.score4))
                } else {
                    ws.set(r, firstRound + k, .text("-"), s.centered)
                }
            }
            let cur = CellAddress(row: r, column: firstRound + current)
            let column = CellRange(CellAddress(row: first, column: firstRound + current), CellAddress(row: lastRow, column: firstRound + current))
            let columnAbs = column.first.absolute + ":" + column.last.absolute
            if let mine = totals[i][current] {
                let rank = 1 + totals.compactMap { $0[current] }.filter { $0 > mine }.count
                ws.set(r, rankColumn, .formula("=IF(ISNUMBER(\(cur)),RANK(\(cur),\(columnAbs)),\"-\")", cached: .number(Double(rank))),
                       s.number(s.general).with { $0.horizontal = .center })
            } else {
                ws.set(r, rankColumn, .formula("=IF(ISNUMBER(\(cur)),RANK(\(cur),\(columnAbs)),\"-\")", cached: .text("-")), s.centered)
            }
            if rounds.count >= 2 {
                let prev = CellAddress(row: r, column: firstRound + current - 1)
                let change: FormulaValue = totals[i][current].flatMap { c in totals[i][current - 1].map { .number(c - $0) } } ?? .text("-")
                ws.set(r, changeColumn, .formula("=IF(AND(ISNUMBER(\(cur)),ISNUMBER(\(prev))),\(cur)-\(prev),\"-\")", cached: change),
                       s.number(s.format("+0.0000;-0.0000;0.0000")).with { $0.horizontal = .center })
            }
        }
        // The mean of each round.
        let meanRow = lastRow + 1
        ws.merge(meanRow, 0, to: meanRow, 2, .text(ThaiLabels.meanRow), s.totalText)
        for k in rounds.indices {
            let values = totals.compactMap { $0[k] }
            let range = CellRange(CellAddress(row: first, column: firstRound + k), CellAddress(row: lastRow, column: firstRound + k))
            if values.isEmpty {
                ws.set(meanRow, firstRound + k, .text("-"), s.totalText)
            } else {
                ws.set(meanRow, firstRound + k, .formula("=ROUND(AVERAGE(\(range)),4)", cached: .number(ExcelMath.round(values.reduce(0, +) / Double(values.count), 4))),
                       s.totalNumber(s.score4))
            }
        }
        for c in rankColumn...last { ws.set(meanRow, c, .blank, s.totalText) }

        ws.columns = [ColumnFormat(first: 0, width: 6), ColumnFormat(first: 1, width: 8), ColumnFormat(first: 2, width: 44),
                      ColumnFormat(first: firstRound, last: firstRound + rounds.count - 1, width: 12),
                      ColumnFormat(first: rankColumn, width: 8)] + (rounds.count >= 2 ? [ColumnFormat(first: changeColumn, width: 13)] : [])
        ws.freeze = CellAddress(row: first, column: 3)
        ws.page.landscape = true
        ws.page.repeatRows = h...(h + 1)
        ws.conditionalFormats = Styles.scoreBands(CellRange(CellAddress(row: first, column: firstRound), CellAddress(row: lastRow, column: firstRound + rounds.count - 1)))
        // The bar chart of the reported round, beside the table on the first page.
        let height = min(720, max(320, 22 * ranked.count + 110))
        ws.charts.append(Chart(kind: .bar, title: ThaiLabels.chartTitle + " " + ThaiLabels.roundName(report.round),
                               series: [Chart.Series(name: ThaiLabels.roundName(report.round), sheet: name,
                                                     categories: CellRange(CellAddress(row: first, column: 2), CellAddress(row: lastRow, column: 2)),
                                                     values: CellRange(CellAddress(row: first, column: firstRound + current), CellAddress(row: lastRow, column: firstRound + current)),
                                                     color: Styles.chartBlue)],
                               anchor: CellAddress(row: h, column: last + 2), width: 620, height: height,
                               minimum: 0, maximum: 5, valueAxisTitle: ThaiLabels.scoreColumn,
                               // Beyond a page of bars the labels would print over each other.
                               labelFormat: ranked.count <= 30 ? "0.0000" : nil))
        ws.columns.append(ColumnFormat(first: last + 1, width: 3))
        return ws
    }
}

/// The data the overview computes from: every division's assessed indicators per round, with score,
/// effective weight and weighted score (a formula). One block of rows per division and round.
struct DataSheet {
    static let scoreColumn = 3, weightColumn = 4, weightedColumn = 5
    var sheet: Worksheet
    /// Rows of each division's block per round.
    var blocks: [String: [Round: ClosedRange<Int>]] = [:]

    init(_ divisions: [YearReport.DivisionReport], name: String, styles s: Styles, labels: IndicatorLabels) {
        var ws = Worksheet(name: name)
        ws.title(0, through: 5, ThaiLabels.dataTitle, s.title, width: 60)
        let headers = [ThaiLabels.divisionIDColumn, ThaiLabels.roundColumn, ThaiLabels.indicatorColumn, ThaiLabels.finalScoreColumn,
                       ThaiLabels.effectiveWeightColumn, ThaiLabels.weightedColumn]
        for (c, text) in headers.enumerated() { ws.set(2, c, .text(text), s.header) }
        ws.rowHeights[2] = RowHeight.points(lines: 2)
        var r = 3
        for division in divisions {
            for scored in division.rounds {
                let start = r
                for indicator in scored.indicators where indicator.isAssessed {
                    ws.set(r, 0, .text(division.division.id), s.centered)
                    ws.set(r, 1, .text(scored.round.code), s.centered)
                    ws.set(r, 2, .text(labels.id(indicator.id)), s.centered)
                    ws.set(r, DataSheet.scoreColumn, .number(indicator.working?.score ?? 0), s.number(s.score4))
                    ws.set(r, DataSheet.weightColumn, .number(indicator.effectiveWeight), s.number(s.general))
                    ws.set(r, DataSheet.weightedColumn, .formula("=D\(r + 1)*E\(r + 1)", cached: .number(indicator.weightedScore)), s.number(s.score4))
                    r += 1
                }
                if r > start { blocks[division.division.id, default: [:]][scored.round] = start...(r - 1) }
            }
        }
        ws.columns = [ColumnFormat(first: 0, last: 2, width: 10), ColumnFormat(first: 3, last: 5, width: 14)]
        ws.freeze = CellAddress(row: 3, column: 0)
        ws.page.repeatRows = 2...2
        sheet = ws
    }
}
