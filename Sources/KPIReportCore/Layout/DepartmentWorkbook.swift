/// The department's workbook (seed 003).
public enum DepartmentWorkbook {
    /// Lays out the department's workbook.
    public static func build(_ report: YearReport, options: LayoutOptions = .init()) -> Workbook {
        let styles = Styles(thaiDigits: options.thaiDigits)
        var ws = Worksheet(name: ThaiLabels.Sheet.overview)
        ws.set(0, 0, .text(ThaiLabels.overviewTitle(fiscalYear: report.fiscalYear, department: report.departmentName)), styles.title)
        return Workbook(properties: DocumentProperties(title: "", subject: "", created: DivisionWorkbook.fixedTimestamp(report)), sheets: [ws])
    }
}
