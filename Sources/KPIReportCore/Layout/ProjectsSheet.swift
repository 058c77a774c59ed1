/// The projects table (`โครงการ`, seed 003), an official sheet: plan headings, each project with its
/// responsible unit, one row per indicator with its own target, budget and disbursement, its progress
/// marked in one of the five level columns; counts and sums per level over whole columns, the success
/// % (`Projects_Success`), the method, and the legend of levels.
enum ProjectsSheet {
    enum Col {
        static let project = 0, responsible = 1, indicator = 2, target = 3, budget = 4, disbursed = 5, levels = 6
        static let last = 10
        static let widths: [Double] = [26, 8, 27, 7, 9, 9, 7, 7, 7, 7, 7]
    }

    /// The cells the department's figures are read from.
    struct Built {
        let sheet: Worksheet
        let success: CellRef
        let count: CellRef
        let budget: CellRef
        let disbursed: CellRef
        let levelCounts: [CellRef]
    }

    static func build(_ projects: [Project], round: Round, fiscalYear: Int, department: String, name: String,
                      book: Workbook, look: Look) -> Built {
        let sheet = book.addSheet(name)
        sheet.columnWidths = Col.widths
        func at(_ r: Int, _ c: Int) -> CellRef { sheet.ref(r, c) }
        book.merge(at(0, 0), at(0, Col.last), .text(look.titleText(ThaiLabels.projectsTitle(fiscalYear: fiscalYear, department: department), landscape: true)), look.title)
        book.merge(at(1, 0), at(1, Col.last), .text(ThaiLabels.roundWithPeriod(round, fiscalYear: fiscalYear)), look.subtitle)
        let h = 3
        let header = look.header()
        let spanning = [(Col.project, ThaiLabels.projectColumn), (Col.responsible, ThaiLabels.responsibleColumn),
                        (Col.indicator, ThaiLabels.indicatorColumn), (Col.target, ThaiLabels.targetColumn),
                        (Col.budget, ThaiLabels.budgetColumn), (Col.disbursed, ThaiLabels.disbursedColumn)]
        for (c, text) in spanning { book.merge(at(h, c), at(h + 1, c), .text(text), header) }
        book.merge(at(h, Col.levels), at(h, Col.last), .text(ThaiLabels.progressHeading), header)
        for (k, level) in Project.progressLevels.enumerated() {
            book.set(at(h + 1, Col.levels + k), .text(ThaiLabels.progressColumn(level)), header)
        }

        var r = h + 2
        let first = r
        var plan: String?
        var keep = Set<Int>()
        let text = look.text(), centered = look.text(center: true)
        let mark = look.number(.integer, center: true, bold: true)
        for project in projects {
            if project.plan != plan, !project.plan.isEmpty {
                book.merge(at(r, 0), at(r, Col.last), .text(ThaiLabels.sectionBullet + project.plan), look.group(depth: 0))
                keep.insert(r)
                r += 1
            }
            plan = project.plan
            let lines = project.lines.isEmpty ? [Project.Line(text: "", target: .none)] : project.lines
            // Each indicator line takes a row, or more when its text would pass Excel's tallest row; the
            // project's own cells take as many rows as its title needs, and at least all of its lines'.
            let lineRows = lines.enumerated().map { i, line in
                SheetFinisher.rowsNeeded([(indicatorText(line.text, number: i + 1), Col.indicator...Col.indicator, text)],
                                         in: sheet, book: book, measure: look.measure)
            }
            let titleRows = SheetFinisher.rowsNeeded([(projectTitle(project), Col.project...Col.project, text),
                                                      (project.responsible, Col.responsible...Col.responsible, centered)],
                                                     in: sheet, book: book, measure: look.measure)
            var lineStarts: [Int] = []
            var next = r
            for n in lineRows {
                lineStarts.append(next)
                next += n
            }
            let end = max(next, r + titleRows) - 1
            // The project's own cells span its indicator rows.
            book.merge(at(r, Col.project), at(end, Col.project), .text(projectTitle(project)), text)
            book.merge(at(r, Col.responsible), at(end, Col.responsible), .text(project.responsible), centered)
            if let budget = project.budget {
                book.merge(at(r, Col.budget), at(end, Col.budget), .number(budget), look.number(.decimals(2)))
            } else {
                book.merge(at(r, Col.budget), at(end, Col.budget), .text(ThaiLabels.noBudget), centered)
            }
            if let disbursed = project.disbursed {
                book.merge(at(r, Col.disbursed), at(end, Col.disbursed), .number(disbursed), look.number(.decimals(2)))
            } else {
                book.merge(at(r, Col.disbursed), at(end, Col.disbursed), .text("-"), centered)
            }
            for (k, level) in Project.progressLevels.enumerated() {
                book.merge(at(r, Col.levels + k), at(end, Col.levels + k),
                           project.progress == level ? .number(Double(level)) : .blank, mark)
            }
            for (i, line) in lines.enumerated() {
                // The last line's cells also cover the rows the title needs beyond the lines.
                let top = lineStarts[i], bottom = i + 1 < lines.count ? lineStarts[i + 1] - 1 : end
                let target: CellContent, targetStyle: StyleID
                switch line.target {
                case .number(let x): (target, targetStyle) = (.number(x), look.number(Look.asEntered(x), center: true))
                case .text(let s): (target, targetStyle) = (.text(s), centered)
                case .none: (target, targetStyle) = (.blank, centered)
                }
                if bottom > top {
                    book.merge(at(top, Col.indicator), at(bottom, Col.indicator), .text(indicatorText(line.text, number: i + 1)), text)
                    book.merge(at(top, Col.target), at(bottom, Col.target), target, targetStyle)
                } else {
                    book.set(at(top, Col.indicator), .text(indicatorText(line.text, number: i + 1)), text)
                    book.set(at(top, Col.target), target, targetStyle)
                }
            }
            for row in r..<end { keep.insert(row) }
            r = end + 1
        }
        let last = max(first, r - 1)
        func column(_ c: Int) -> Formula { .column(at(first, c), through: last) }

        // Totals over whole columns: a figure typed in later is counted too.
        let countRow = r
        let totalLabel = look.totalText(left: true)
        book.set(at(countRow, Col.project), .text(ThaiLabels.projectCountLabel), totalLabel)
        var levelCounts: [CellRef] = []
        for k in Project.progressLevels.indices {
            let c = Col.levels + k
            book.set(at(countRow, c), formula: .COUNT([column(c)]), look.totalNumber(.integer, center: true))
            levelCounts.append(at(countRow, c))
        }
        let count = at(countRow, Col.responsible)
        book.set(count, formula: .sum(of: levelCounts), look.totalNumber(.integer, center: true))
        book.set(at(countRow, Col.indicator), .blank, look.totalText())
        book.set(at(countRow, Col.target), .blank, look.totalText())
        let budget = at(countRow, Col.budget), disbursed = at(countRow, Col.disbursed)
        book.set(budget, formula: .SUM([column(Col.budget)]), look.totalNumber(.decimals(2)))
        book.set(disbursed, formula: .SUM([column(Col.disbursed)]), look.totalNumber(.decimals(2)))
        let sumRow = countRow + 1
        book.merge(at(sumRow, 0), at(sumRow, Col.disbursed), .text(ThaiLabels.projectScoreSum), totalLabel)
        var levelSums: [CellRef] = []
        for k in Project.progressLevels.indices {
            let c = Col.levels + k
            book.set(at(sumRow, c), formula: .SUM([column(c)]), look.totalNumber(.integer, center: true))
            levelSums.append(at(sumRow, c))
        }
        let successRow = sumRow + 1
        book.merge(at(successRow, 0), at(successRow, Col.disbursed), .text(ThaiLabels.projectSuccess), totalLabel)
        let success = at(successRow, Col.levels)
        book.merge(success, at(successRow, Col.last), .blank, look.totalNumber(.decimals(2), center: true))
        book.set(success, formula: ScoringRules.projectSuccess(progressSum: .sum(of: levelSums), projects: .cell(count)),
                 look.totalNumber(.decimals(2), center: true))
        keep.formUnion([countRow, sumRow])

        // Notes under the table, as seed 003 prints them.
        var n = successRow + 2
        var notes = [ThaiLabels.projectSuccessMethod]
        if projects.contains(where: { $0.name.hasSuffix("*") }) { notes.append(ThaiLabels.starredProjectsNote(department: department)) }
        notes += ThaiLabels.progressLegend.map { ThaiLabels.progressLegendLine($0.level, $0.meaning) }
        for note in notes {
            book.merge(at(n, 0), at(n, Col.last), .text(note), look.note)
            n += 1
        }
        SheetFinisher.finish(sheet, in: book, measure: look.measure, plan: PrintPlan(
            landscape: true, repeatRows: h...(h + 1), keepWithNext: keep, freeze: (h + 2, 1), fillColumns: [Col.project, Col.indicator]))
        return Built(sheet: sheet, success: success, count: count, budget: budget, disbursed: disbursed, levelCounts: levelCounts)
    }

    /// `๑. โครงการ…`: the project's number in Thai digits, as seed 003 prints it.
    static func projectTitle(_ project: Project) -> String {
        ThaiDigits.toThai(project.id) + ". " + project.name
    }

    /// An indicator line numbered as the office numbered it, or `๑.`, `๒.` … when it is not.
    static func indicatorText(_ text: String, number: Int) -> String {
        guard !text.isEmpty else { return "" }
        let ascii = ThaiDigits.toASCII(text)
        let digits = ascii.prefix { $0.isNumber && $0.isASCII }
        if !digits.isEmpty, ascii.dropFirst(digits.count).first == "." { return text }
        return ThaiDigits.thai(number) + ". " + text
    }
}
