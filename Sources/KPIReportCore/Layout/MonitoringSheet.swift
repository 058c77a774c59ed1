/// Success round by round (`ติดตามรายรอบ`, seed 003 part 3): each department annex's (C) and the
/// projects' success % per monitoring round, as formulas over the round sheets, with a line chart.
enum MonitoringSheet {
    static func build(_ report: YearReport, rounds: [Round], annexTitles: [String], roundSheets: [String: [Round: RoundSheet]],
                      projectsSheet: String, projectsSuccess: CellAddress?, name: String, styles s: Styles) -> Worksheet {
        var ws = Worksheet(name: name)
        let dept = report.department
        let hasProjects = !dept.projectsByRound.isEmpty || dept.projects != nil
        let annexColumns = annexTitles.count
        let last = 2 + annexColumns + (hasProjects ? 1 : 0)
        let width = 10 + 16 + 40 + Double(annexColumns + 1) * 22
        ws.title(0, through: last, ThaiLabels.monitoringTitle(fiscalYear: report.fiscalYear), s.title, width: width)
        let h = 2
        ws.set(h, 0, .text(ThaiLabels.monitoringRoundColumn), s.header)
        ws.set(h, 1, .text(ThaiLabels.roundColumn), s.header)
        ws.set(h, 2, .text(ThaiLabels.monitoringPeriodColumn), s.header)
        for (k, title) in annexTitles.enumerated() { ws.set(h, 3 + k, .text(ThaiLabels.monitoringAnnex(title)), s.header) }
        if hasProjects { ws.set(h, 3 + annexColumns, .text(ThaiLabels.projectSuccess), s.header) }
        ws.rowHeights[h] = RowHeight.points(lines: max(2, (annexTitles.map { RowHeight.lines(ThaiLabels.monitoringAnnex($0), width: 22) }.max() ?? 1)) + 1)

        var projectCells: [CellAddress] = []
        for (i, round) in rounds.enumerated() {
            let r = h + 1 + i
            ws.set(r, 0, .text("ครั้งที่ " + ThaiDigits.thai(i + 1)), s.centered)
            ws.set(r, 1, .text(ThaiLabels.roundName(round)), s.centered)
            ws.set(r, 2, .text(ThaiLabels.roundPeriod(round, fiscalYear: report.fiscalYear)), s.text)
            ws.rowHeights[r] = RowHeight.points(lines: 1)
            let tables = dept.annexesByRound.first { $0.round == round }?.tables ?? []
            for (k, title) in annexTitles.enumerated() {
                guard let table = tables.first(where: { $0.title == title }),
                      let sheet = roundSheets[table.divisionID]?[round] else {
                    // Blank, not "-": the chart leaves a gap instead of plotting 0.
                    ws.set(r, 3 + k, .blank, s.centered)
                    continue
                }
                let cells = table.allIndicators.compactMap { sheet.cell($0.id, .annexScore) }
                let refs = ScoreFormulas.compact(cells, on: sheet.sheet.name)
                ws.set(r, 3 + k, .formula("=IF(COUNT(\(refs))=0,0,ROUND(SUM(\(refs))*100/(5*COUNT(\(refs))),2))", cached: .number(table.totals.percent)),
                       s.number(s.percent))
            }
            if hasProjects { projectCells.append(CellAddress(row: r, column: 3 + annexColumns)) }
        }
        let lastRow = h + rounds.count
        ws.columns = [ColumnFormat(first: 0, width: 10), ColumnFormat(first: 1, width: 16), ColumnFormat(first: 2, width: 48),
                      ColumnFormat(first: 3, last: last, width: 22)]
        ws.freeze = CellAddress(row: h + 1, column: 0)
        ws.page.landscape = true
        ws.page.repeatRows = h...h
        // Shade only the rounds that have a figure: an empty cell would compare as 0.
        for row in (h + 1)...max(h + 1, lastRow) {
            for column in 3...last where ws[row, column]?.number != nil {
                let cell = CellAddress(row: row, column: column)
                ws.conditionalFormats += Styles.percentBands(CellRange(cell, cell))
            }
        }
        let colors = [Styles.chartBlue, Styles.chartOrange, Styles.chartGreen, Styles.chartGold]
        var series: [Chart.Series] = []
        for k in 0..<(last - 2) {
            let c = 3 + k
            let title = k < annexTitles.count ? annexTitles[k] : ThaiLabels.projectSuccess
            series.append(Chart.Series(name: title, sheet: name,
                                       categories: CellRange(CellAddress(row: h + 1, column: 1), CellAddress(row: lastRow, column: 1)),
                                       values: CellRange(CellAddress(row: h + 1, column: c), CellAddress(row: lastRow, column: c)),
                                       color: colors[k % colors.count]))
        }
        ws.charts.append(Chart(kind: .line, title: ThaiLabels.chartMonitoring, series: series,
                               anchor: CellAddress(row: lastRow + 2, column: 1), width: 760, height: 340,
                               minimum: 0, maximum: 100, valueAxisTitle: "ร้อยละ", labelFormat: "0.00"))
        if hasProjects {
            progressTable(&ws, report: report, rounds: rounds, successCells: projectCells, projectsSheet: projectsSheet,
                          projectsSuccess: projectsSuccess, top: lastRow + 20, styles: s)
        }
        return ws
    }

    /// The projects' progress per round (one column per round) under the chart; each round's success %
    /// above is a formula over its column. Without per-round progress, the success of the reported
    /// round refers to the projects sheet.
    private static func progressTable(_ ws: inout Worksheet, report: YearReport, rounds: [Round], successCells: [CellAddress],
                                      projectsSheet: String, projectsSuccess: CellAddress?, top: Int, styles s: Styles) {
        let dept = report.department
        let byRound = Dictionary(dept.projectsByRound.compactMap { summary in summary.round.map { ($0, summary) } }, uniquingKeysWith: { a, _ in a })
        var order: [String] = []
        var names: [String: String] = [:]
        for summary in dept.projectsByRound + (dept.projects.map { [$0] } ?? []) {
            for project in summary.projects where names[project.id] == nil {
                order.append(project.id)
                names[project.id] = ThaiDigits.toThai(project.id) + ". " + project.name
            }
        }
        let tracked = rounds.filter { byRound[$0] != nil }
        if tracked.allSatisfy({ $0 == report.round }) {
            // Progress is recorded for the reported round only: take its success from the projects sheet.
            for (round, cell) in zip(rounds, successCells) {
                if round == report.round, let projectsSuccess, let current = dept.projects {
                    ws.set(cell.row, cell.column, .formula("=" + projectsSuccess.on(projectsSheet), cached: .number(current.success)), s.number(s.percent))
                } else {
                    ws.set(cell.row, cell.column, .blank, s.centered)
                }
            }
            return
        }
        ws.merge(top, 0, to: top, 2 + tracked.count, .text(ThaiLabels.progressByRound), CellStyle().with { $0.bold = true })
        let h = top + 1
        ws.merge(h, 0, to: h, 2, .text(ThaiLabels.projectColumn), s.header)
        for (k, round) in tracked.enumerated() { ws.set(h, 3 + k, .text(ThaiLabels.roundName(round)), s.header) }
        for (i, id) in order.enumerated() {
            let r = h + 1 + i
            ws.merge(r, 0, to: r, 2, .text(names[id] ?? id), s.text)
            for (k, round) in tracked.enumerated() {
                let progress = byRound[round]?.projects.first { $0.id == id }?.progress
                ws.set(r, 3 + k, progress.map { .number(Double($0)) } ?? .blank, s.number(s.general).with { $0.horizontal = .center })
            }
        }
        let last = h + order.count
        for (round, cell) in zip(rounds, successCells) {
            guard let k = tracked.firstIndex(of: round), let summary = byRound[round] else {
                ws.set(cell.row, cell.column, .blank, s.centered)
                continue
            }
            let column = CellRange(CellAddress(row: h + 1, column: 3 + k), CellAddress(row: last, column: 3 + k)).description
            ws.set(cell.row, cell.column, .formula("=IF(COUNT(\(column))=0,0,ROUND(SUM(\(column))*100/(100*COUNT(\(column))),2))",
                                                   cached: .number(summary.success)), s.number(s.percent))
        }
    }
}
