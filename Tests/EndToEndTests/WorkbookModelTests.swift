import Foundation
import Testing
import KPIReportCore
import KPIReportIO
import TestSupport

/// Reads and validates an inputs folder, then loads every unit of every year (what the run does).
func loadUnits(_ folder: String, year: Int? = nil) throws -> [(YearCatalog, UnitInputs)] {
    let (files, scanFindings) = InputFolder.scan(folder)
    var validator = Validator(options: ValidationOptions(year: year, today: CivilDate(daysSinceEpoch: 20_000)))
    for finding in scanFindings { validator.record(finding) }
    for file in files {
        for finding in file.read(forcedEncoding: nil, header: { validator.begin(file.file, header: $0, headerLine: $1) },
                                 record: { validator.consume($0) }) {
            validator.record(finding, in: file.file)
        }
    }
    let (catalog, findings) = validator.finish()
    let checked = try #require(catalog, "\(findings.filter { $0.severity == .error })")
    let reader = RecordReader(files: files)
    return try checked.years.flatMap { year in
        try year.units.map { (year, try checked.load($0, of: year, read: { try reader.records(in: $0) })) }
    }
}

/// The workbook model: every cached value is its formula's own evaluation over the finished workbook
/// (no formula reads a cell set after it), for every unit and department workbook of the sample.
@Suite struct WorkbookModelTests {
    @Test("no formula of the sample's workbooks reads a cell set after it")
    func consistent() throws {
        let options = LayoutOptions(keepFormulas: true)
        var formulas = 0
        let units = try loadUnits(Repository.sampleInputs)
        for (_, unit) in units {
            let (book, _) = UnitWorkbook.build(unit, options: options)
            #expect(book.staleFormulas().isEmpty, "\(unit.division.id): \(book.staleFormulas().prefix(3))")
            formulas += book.sheets.reduce(0) { $0 + $1.rows.joined().filter { $0?.formulaText != nil }.count }
        }
        for (year, group) in Dictionary(grouping: units, by: { $0.0.year }) {
            let catalog = group[0].0
            let figures = group.map { UnitWorkbook.build($0.1, options: options).1 }
            let department = group.map(\.1).filter(\.division.isDepartment)
            let (book, _) = DepartmentWorkbook.build(DepartmentInputs(
                fiscalYear: year, round: catalog.round, rounds: catalog.rounds, name: catalog.departmentName, units: figures,
                departmentUnits: department, projects: catalog.projects), options: options)
            #expect(book.staleFormulas().isEmpty, "department \(year): \(book.staleFormulas().prefix(3))")
        }
        #expect(formulas > 1000)
    }
}
