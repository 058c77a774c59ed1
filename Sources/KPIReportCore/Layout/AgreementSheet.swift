/// The agreement table (`คำรับรอง`, seed 000), an official sheet: heading rows for the sections
/// (มิติ, ด้าน, วัตถุประสงค์) with their weight as a sum, each indicator with weight, target, criteria
/// ๑–๕ and remark, and the total weight.
enum AgreementSheet {
    static let widths: [Double] = [32, 6, 7, 5, 5, 5, 5, 5, 16]

    static func build(_ unit: UnitInputs, name: String, book: Workbook, look: Look) {
        let sheet = book.addSheet(name)
        sheet.columnWidths = widths
        let last = 8
        func at(_ r: Int, _ c: Int) -> CellRef { sheet.ref(r, c) }
        book.merge(at(0, 0), at(0, last), .text(look.titleText(ThaiLabels.agreementTitle(fiscalYear: unit.fiscalYear, division: unit.division.name), landscape: true)), look.title)
        let header = look.header()
        book.merge(at(2, 0), at(3, 0), .text(ThaiLabels.agreementIndicatorColumn), header)
        book.merge(at(2, 1), at(3, 1), .text(ThaiLabels.agreementWeightColumn), header)
        book.merge(at(2, 2), at(3, 2), .text(ThaiLabels.agreementTargetColumn(fiscalYear: unit.fiscalYear)), header)
        book.merge(at(2, 3), at(2, 7), .text(ThaiLabels.criteriaColumn), header)
        for k in 1...5 { book.set(at(3, 2 + k), .text(look.thaiDigits ? ThaiDigits.thai(k) : ThaiDigits.thai(k)), header) }
        book.merge(at(2, 8), at(3, 8), .text(ThaiLabels.remarkColumn), header)

        // Rows in order; a heading row wherever the section path changes.
        var r = 4
        var current: [String] = []
        var open: [(row: Int, depth: Int, cells: [CellRef])] = []
        var closed: [(row: Int, depth: Int, cells: [CellRef])] = []
        var weights: [CellRef] = []
        var seen = Set<IndicatorID>()
        var keep = Set<Int>()
        let centered = look.number(.general, center: true)
        for rule in unit.indicators {
            let common = zip(current, rule.group).prefix { $0 == $1 }.count
            while open.count > common { closed.append(open.removeLast()) }
            for depth in common..<rule.group.count {
                let heading = ThaiLabels.groupBullet + rule.group[depth]
                book.set(at(r, 0), .text(heading), look.group(depth: depth))
                for c in 1...last { book.set(at(r, c), .blank, look.group(depth: depth)) }
                open.append((r, depth, []))
                let rows = SheetFinisher.continueDown([(heading, 0...0, look.group(depth: depth))], row: r, in: sheet, book: book, measure: look.measure)
                for row in r..<(r + rows) { keep.insert(row) }
                r += rows
            }
            current = rule.group
            let first = seen.insert(rule.id).inserted
            let title = look.id(rule.id) + " " + rule.name
            book.set(at(r, 0), .text(title), look.text())
            if first, let weight = rule.weight {
                book.set(at(r, 1), .number(weight), centered)
                weights.append(at(r, 1))
                for i in open.indices { open[i].cells.append(at(r, 1)) }
            } else {
                book.set(at(r, 1), .blank, centered)
            }
            if let target = rule.target {
                book.set(at(r, 2), .number(target), look.number(Look.asEntered(target), center: true))
            } else {
                book.set(at(r, 2), .blank, centered)
            }
            for k in 0..<5 {
                switch rule.rule {
                case .threshold(let criteria, _):
                    book.set(at(r, 3 + k), .number(criteria.values[k]), look.number(Look.asEntered(criteria.values[k]), center: true))
                case .level:
                    book.set(at(r, 3 + k), .number(Double(k + 1)), centered)
                case .targetRatio:
                    book.set(at(r, 3 + k), .text(ThaiLabels.bandRange(k + 1, thaiDigits: look.thaiDigits)), look.text(center: true))
                }
            }
            var remark = rule.note
            if let rounds = rule.rounds, unit.indicators.filter({ $0.id == rule.id }).count > 1 {
                remark = [ThaiLabels.criteriaFor(Array(rounds)), remark].filter { !$0.isEmpty }.joined(separator: ": ")
            }
            book.set(at(r, 8), .text(remark), look.text())
            // A name or remark taller than Excel's tallest row continues on rows below.
            let rows = SheetFinisher.continueDown([(title, 0...0, look.text()), (remark, 8...8, look.text())], row: r,
                                                  in: sheet, book: book, measure: look.measure)
            for row in r..<(r + rows - 1) { keep.insert(row) }
            r += rows
        }
        closed.append(contentsOf: open.reversed())
        for group in closed where !group.cells.isEmpty {
            book.set(at(group.row, 1), formula: .sum(of: group.cells), look.number(.general, center: true, bold: true))
        }
        book.set(at(r, 0), .text(ThaiLabels.totalRow), look.totalText())
        if weights.isEmpty {
            book.set(at(r, 1), .blank, look.totalText())
        } else {
            book.set(at(r, 1), formula: .sum(of: weights), look.totalNumber(.general, center: true))
        }
        for c in 2...last { book.set(at(r, c), .blank, look.totalText()) }
        SheetFinisher.finish(sheet, in: book, measure: look.measure, plan: PrintPlan(
            landscape: true, repeatRows: 2...3, keepWithNext: keep, freeze: (4, 1), fillColumns: [0, 8]))
    }
}
