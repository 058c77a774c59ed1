/// The projects table (`โครงการ`, seed 003): plan headings, each project with its responsible unit,
/// indicators and targets, budget and disbursement, and its progress marked in one of the five level
/// columns; totals per level, Σ score and the success % (`Projects_Success`), all formulas.
enum ProjectsSheet {
    enum Col {
        static let project = 0, responsible = 1, indicator = 2, target = 3, budget = 4, disbursed = 5, levels = 6
        static let last = 10
    }

    struct Built {
        var sheet: Worksheet
        var success: CellAddress
    }

    static func build(_ summary: ProjectSummary, name: String, fiscalYear: Int, styles s: Styles) -> Built {
        var ws = Worksheet(name: name)
        let width = 150.0
        ws.title(0, through: Col.last, ThaiLabels.projectsTitle(fiscalYear: fiscalYear), s.title, width: width)
        if let round = summary.round {
            ws.title(1, through: Col.last, ThaiLabels.roundName(round) + " " + ThaiLabels.roundPeriod(round, fiscalYear: fiscalYear), s.subtitle, width: width)
        }
        let h = 3
        let spanning = [(Col.project, ThaiLabels.projectColumn), (Col.responsible, ThaiLabels.responsibleColumn),
                        (Col.indicator, ThaiLabels.indicatorColumn), (Col.target, ThaiLabels.targetColumn),
                        (Col.budget, ThaiLabels.budgetColumn), (Col.disbursed, ThaiLabels.disbursedColumn)]
        for (c, text) in spanning { ws.merge(h, c, to: h + 1, c, .text(text), s.header) }
        ws.merge(h, Col.levels, to: h, Col.last, .text(ThaiLabels.progressHeading), s.header)
        for (k, level) in Project.progressLevels.enumerated() {
            ws.set(h + 1, Col.levels + k, .text(ThaiLabels.progressColumn(level)), s.header)
        }
        ws.rowHeights[h] = RowHeight.points(lines: 1)
        ws.rowHeights[h + 1] = RowHeight.points(lines: 4)

        var r = h + 2
        let first = r
        var plan: String?
        var budgetCells: [CellAddress] = [], disbursedCells: [CellAddress] = []
        for project in summary.projects {
            if project.plan != plan, !project.plan.isEmpty {
                ws.merge(r, 0, to: r, Col.last, .text("◆ " + project.plan), s.group(depth: 0))
                ws.rowHeights[r] = RowHeight.points(lines: RowHeight.lines(project.plan, width: width))
                r += 1
            }
            plan = project.plan
            let title = ThaiDigits.toThai(project.id) + ". " + project.name
            ws.set(r, Col.project, .text(title), s.text)
            ws.set(r, Col.responsible, .text(project.responsible), s.centered)
            let indicators = project.indicators.enumerated().map { ThaiDigits.thai($0.offset + 1) + ". " + $0.element.text }
            ws.set(r, Col.indicator, .text(indicators.joined(separator: "\n")), s.text)
            ws.set(r, Col.target, .text(project.indicators.map(\.target).joined(separator: "\n")), s.centered)
            if let budget = project.budget {
                ws.set(r, Col.budget, .number(budget), s.number(s.money))
                budgetCells.append(CellAddress(row: r, column: Col.budget))
            } else {
                ws.set(r, Col.budget, .text(ThaiLabels.noBudget), s.centered)
            }
            if let disbursed = project.disbursed {
                ws.set(r, Col.disbursed, .number(disbursed), s.number(s.money))
                disbursedCells.append(CellAddress(row: r, column: Col.disbursed))
            } else {
                ws.set(r, Col.disbursed, .text("-"), s.centered)
            }
            for (k, level) in Project.progressLevels.enumerated() {
                ws.set(r, Col.levels + k, project.progress == level ? .number(Double(level)) : .blank,
                       s.number(s.general).with { $0.horizontal = .center; $0.bold = true })
            }
            let lines = max(RowHeight.lines(title, width: 44), indicators.reduce(0) { $0 + RowHeight.lines($1, width: 40) })
            ws.rowHeights[r] = RowHeight.points(lines: lines)
            r += 1
        }
        let last = max(first, r - 1)
        func column(_ c: Int) -> String { CellRange(CellAddress(row: first, column: c), CellAddress(row: last, column: c)).description }

        // Count of projects, budget sums, projects per level.
        let countRow = r
        ws.merge(countRow, 0, to: countRow, 0, .text(ThaiLabels.projectCountLabel), s.totalText.with { $0.horizontal = .left })
        var levelCountCells: [CellAddress] = []
        for (k, level) in Project.progressLevels.enumerated() {
            let c = Col.levels + k
            ws.set(countRow, c, .formula("=COUNT(\(column(c)))", cached: .number(Double(summary.countsByLevel[k]))), s.totalNumber(s.integer).with { $0.horizontal = .center })
            levelCountCells.append(CellAddress(row: countRow, column: c))
            _ = level
        }
        ws.set(countRow, Col.responsible, .formula("=" + ScoreFormulas.sum(levelCountCells), cached: .number(Double(summary.count))),
               s.totalNumber(s.integer).with { $0.horizontal = .center })
        ws.set(countRow, Col.indicator, .blank, s.totalText)
        ws.set(countRow, Col.target, .blank, s.totalText)
        ws.set(countRow, Col.budget, .formula("=" + ScoreFormulas.sum(budgetCells), cached: .number(summary.budget)), s.totalNumber(s.money))
        ws.set(countRow, Col.disbursed, .formula("=" + ScoreFormulas.sum(disbursedCells), cached: .number(summary.disbursed)), s.totalNumber(s.money))
        // Σ score per level.
        let sumRow = countRow + 1
        ws.merge(sumRow, 0, to: sumRow, Col.disbursed, .text(ThaiLabels.projectScoreSum), s.totalText.with { $0.horizontal = .left })
        var levelSumCells: [CellAddress] = []
        for k in Project.progressLevels.indices {
            let c = Col.levels + k
            ws.set(sumRow, c, .formula("=SUM(\(column(c)))", cached: .number(Double(summary.scoreByLevel[k]))), s.totalNumber(s.integer).with { $0.horizontal = .center })
            levelSumCells.append(CellAddress(row: sumRow, column: c))
        }
        // Success %.
        let successRow = sumRow + 1
        ws.merge(successRow, 0, to: successRow, Col.disbursed, .text(ThaiLabels.projectSuccess), s.totalText.with { $0.horizontal = .left })
        let success = CellAddress(row: successRow, column: Col.levels)
        let count = CellAddress(row: countRow, column: Col.responsible)
        ws.merge(successRow, Col.levels, to: successRow, Col.last,
                 .formula("=IF(\(count)=0,0,ROUND(\(ScoreFormulas.sum(levelSumCells))*100/(100*\(count)),2))", cached: .number(summary.success)),
                 s.totalNumber(s.percent).with { $0.horizontal = .center })
        ws.merge(successRow + 1, 0, to: successRow + 1, Col.last, .text(ThaiLabels.projectSuccessMethod), s.note)
        ws.rowHeights[successRow + 1] = RowHeight.points(lines: 1)
        for row in [countRow, sumRow, successRow] { ws.rowHeights[row] = RowHeight.points(lines: 1) }

        ws.columns = [ColumnFormat(first: Col.project, width: 44), ColumnFormat(first: Col.responsible, width: 12),
                      ColumnFormat(first: Col.indicator, width: 44), ColumnFormat(first: Col.target, width: 12),
                      ColumnFormat(first: Col.budget, last: Col.disbursed, width: 15), ColumnFormat(first: Col.levels, last: Col.last, width: 12)]
        ws.freeze = CellAddress(row: h + 2, column: 1)
        ws.page.landscape = true
        ws.page.repeatRows = h...(h + 1)
        return Built(sheet: ws, success: success)
    }
}
