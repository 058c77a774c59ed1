/// The scoring methods of `ScoringMethods` written as spreadsheet formulas over cell references, so a
/// recalculation gives the same numbers. Only IF, AND, OR, MAX, INT, ROUND, SUM and COUNT are used:
/// they exist in Excel 2010 and LibreOffice 7. Every number in these formulas is a constant of the
/// method (levels 1…5, band floors 60…100, 100 for percentages), never a value from the inputs.
enum ScoreFormulas {
    /// `threshold`: the level reached, from the result `r` and the criteria cells `t[0…4]`.
    static func thresholdLevel(r: String, t: [String], direction: Direction) -> String {
        let cmp = direction == .higher ? ">=" : "<="
        var f = "0"
        for k in 0..<5 { f = "IF(\(r)\(cmp)\(t[k]),\(k + 1),\(f))" }
        return "=IF(\(r)=\"\",0,\(f))"
    }

    /// `threshold`: the interpolated score (see `ScoringMethods.threshold`).
    static func thresholdScore(r: String, t: [String], direction: Direction) -> String {
        var f = "0"
        for k in 0..<4 {
            let step = direction == .higher
                ? "IF(\(r)>=\(t[k]),\(k + 1)+(\(r)-\(t[k]))/(\(t[k + 1])-\(t[k])),\(f))"
                : "IF(\(r)<=\(t[k]),\(k + 1)+(\(t[k])-\(r))/(\(t[k])-\(t[k + 1])),\(f))"
            f = step
        }
        let top = direction == .higher ? "IF(\(r)>=\(t[4]),5,\(f))" : "IF(\(r)<=\(t[4]),5,\(f))"
        return "=IF(\(r)=\"\",0,\(top))"
    }

    /// `target_ratio`: % of target (empty text when there is no result).
    static func ratio(r: String, target: String, direction: Direction) -> String {
        switch direction {
        case .higher: return "=IF(\(r)=\"\",\"\",\(r)/\(target)*100)"
        case .lower: return "=IF(\(r)=\"\",\"\",(100-\(r))/(100-\(target))*100)"
        }
    }

    /// `target_ratio`: the band 0–5 of a ratio cell.
    static func bandLevel(ratio x: String) -> String {
        "=IF(\(x)=\"\",0,IF(\(x)>=100,5,IF(\(x)>=90,4,IF(\(x)>=80,3,IF(\(x)>=70,2,IF(\(x)>=60,1,IF(\(x)>0,1,0)))))))"
    }

    /// `target_ratio`: the score of a ratio cell.
    static func bandScore(ratio x: String) -> String {
        "=IF(\(x)=\"\",0,IF(\(x)>=100,5,IF(\(x)>=90,4+(\(x)-90)/10,IF(\(x)>=80,3+(\(x)-80)/10,IF(\(x)>=70,2+(\(x)-70)/10,IF(\(x)>=60,1+(\(x)-60)/10,IF(\(x)>0,1,0)))))))"
    }

    /// `level`: the level reached (whole part) and the score (the level).
    static func levelLevel(r: String) -> String { "=IF(\(r)=\"\",0,INT(\(r)))" }
    static func levelScore(r: String) -> String { "=IF(\(r)=\"\",0,\(r))" }

    /// The sum of cells, compacting runs of one column into ranges: `SUM(V6:V9,V12)`.
    static func sum(_ cells: [CellAddress]) -> String {
        "SUM(" + compact(cells) + ")"
    }

    /// A reference list with runs of consecutive rows of one column written as ranges.
    static func compact(_ cells: [CellAddress]) -> String {
        guard !cells.isEmpty else { return "0" }
        var parts: [String] = []
        var start = cells[0], end = cells[0]
        for cell in cells.dropFirst() {
            if cell.column == end.column && cell.row == end.row + 1 { end = cell; continue }
            parts.append(CellRange(start, end).description)
            start = cell
            end = cell
        }
        parts.append(CellRange(start, end).description)
        return parts.joined(separator: ",")
    }

    /// `compact` for cells on another sheet: each part prefixed by the sheet.
    static func compact(_ cells: [CellAddress], on sheet: String) -> String {
        compact(cells).split(separator: ",").map { CellAddress.quotedSheet(sheet) + "!" + $0 }.joined(separator: ",")
    }
}
