/// A column of an input file: its canonical English header and the Thai aliases users may write
/// instead (SPEC §1). Headers match case-insensitively, ignoring spaces, `_` and `-`, with Thai digits
/// read as digits (`เกณฑ์ ๑` = `เกณฑ์1`).
public struct Column: Hashable, Sendable {
    /// Canonical header, e.g. `division_id`.
    public let name: String
    /// Other accepted headers.
    public let aliases: [String]
    /// True when a file without this column cannot be read.
    public let required: Bool

    init(_ name: String, _ aliases: [String] = [], required: Bool = false) {
        self.name = name
        self.aliases = aliases
        self.required = required
    }

    /// The form headers are compared in.
    static func normalized(_ header: String) -> String {
        let ascii = ThaiDigits.toASCII(header.trimmingASCIIAndThaiSpaces()).lowercased()
        return String(ascii.unicodeScalars.filter { !($0 == " " || $0 == "_" || $0 == "-" || $0 == "\u{00A0}") }
            .map(Character.init))
    }
}

/// The columns of each input file.
public enum Schema {
    static let year = Column("year", ["ปีงบประมาณ", "ปี"])

    /// `divisions.csv`.
    public static let divisions: [Column] = [
        Column("division_id", ["รหัสหน่วยงาน"], required: true),
        Column("name", ["ชื่อหน่วยงาน"], required: true),
        Column("short_name", ["ชื่อย่อ"]),
    ]

    /// `indicators.csv`.
    public static let indicators: [Column] = [
        year,
        Column("division_id", ["รหัสหน่วยงาน"], required: true),
        Column("indicator_id", ["ตัวชี้วัด", "ตัวชี้วัดที่"], required: true),
        Column("name", ["รายละเอียดตัวชี้วัด", "ชื่อตัวชี้วัด"], required: true),
        Column("unit", ["หน่วยวัด"]),
        Column("weight", ["น้ำหนัก"]),
        Column("method", ["วิธีให้คะแนน", "วิธีคำนวณ"], required: true),
        Column("direction", ["ทิศทาง"]),
        Column("t1", ["เกณฑ์1", "เกณฑ์ ๑"]),
        Column("t2", ["เกณฑ์2", "เกณฑ์ ๒"]),
        Column("t3", ["เกณฑ์3", "เกณฑ์ ๓"]),
        Column("t4", ["เกณฑ์4", "เกณฑ์ ๔"]),
        Column("t5", ["เกณฑ์5", "เกณฑ์ ๕"]),
        Column("target", ["เป้าหมาย"]),
        Column("rounds", ["รอบการประเมิน"]),
        Column("group", ["กลุ่ม"]),
        Column("redistribute_to", ["โอนน้ำหนักไป", "โอนน้ำหนัก"]),
        Column("late_penalty", ["หักคะแนนต่อวัน"]),
        Column("note", ["หมายเหตุ"]),
    ]

    /// `results.csv` and each file of `results/`.
    public static let results: [Column] = [
        year,
        Column("division_id", ["รหัสหน่วยงาน"], required: true),
        Column("round", ["รอบ"], required: true),
        Column("indicator_id", ["ตัวชี้วัด", "ตัวชี้วัดที่"], required: true),
        Column("result", ["ผลการดำเนินงาน", "ผลดำเนินงาน"]),
        Column("numerator", ["ตัวตั้ง"]),
        Column("denominator", ["ตัวหาร"]),
        Column("level", ["ระดับ", "ระดับคะแนน"]),
        Column("due_on", ["กำหนดส่ง"]),
        Column("reported_on", ["วันที่รายงาน", "วันที่ส่ง"]),
        Column("note", ["หมายเหตุ"]),
    ]

    /// `projects.csv`.
    public static let projects: [Column] = [
        year,
        Column("project_id", ["ลำดับโครงการ", "รหัสโครงการ"], required: true),
        Column("plan", ["แผนปฏิบัติการ", "แผน"]),
        Column("name", ["โครงการ", "ชื่อโครงการ"], required: true),
        Column("division", ["หน่วยงานรับผิดชอบหลัก", "หน่วยงานรับผิดชอบ"]),
        Column("indicator", ["ตัวชี้วัด"]),
        Column("target", ["เป้าหมาย"]),
        Column("budget", ["งบประมาณ"]),
        Column("disbursed", ["ผลเบิกจ่าย"]),
        Column("round", ["รอบ"]),
        Column("progress", ["ระดับค่าคะแนน", "ความก้าวหน้า"], required: true),
    ]
}

/// A table whose header has been matched against a schema: fields are found by canonical name.
struct BoundTable {
    let table: CSVTable
    /// Canonical column name → field index.
    let index: [String: Int]

    /// Matches the header; records unknown (warning), duplicate and missing required columns (errors).
    /// Returns nil when a required column is missing or a column appears twice: the file is then not read.
    init?(_ table: CSVTable, schema: [Column], diagnostics: inout Diagnostics) {
        self.table = table
        var lookup: [String: String] = [:]
        for column in schema {
            lookup[Column.normalized(column.name)] = column.name
            for alias in column.aliases { lookup[Column.normalized(alias)] = column.name }
        }
        var index: [String: Int] = [:]
        var usable = true
        for (i, header) in table.header.enumerated() {
            let at = SourceLocation(file: table.file, line: table.headerLine, column: i + 1)
            let normalized = Column.normalized(header)
            if normalized.isEmpty {
                diagnostics.warning(at, "column \(i + 1) has no header; its values are ignored")
            } else if let name = lookup[normalized] {
                if let first = index[name] {
                    diagnostics.error(at, "column \"\(header)\" repeats column \(first + 1) (\(name)); keep one")
                    usable = false
                } else {
                    index[name] = i
                }
            } else {
                diagnostics.warning(at, "unknown column \"\(ValueParser.shown(header))\" is ignored (expected: \(schema.map(\.name).joined(separator: ", ")))")
            }
        }
        for column in schema where column.required && index[column.name] == nil {
            let aliases = column.aliases.isEmpty ? "" : " (or \(column.aliases.map { "\"\($0)\"" }.joined(separator: ", ")))"
            diagnostics.error(SourceLocation(file: table.file, line: table.headerLine),
                              "missing required column \"\(column.name)\"\(aliases)")
            usable = false
        }
        guard usable else { return nil }
        self.index = index
    }

    /// True when the file has the column.
    func has(_ column: String) -> Bool { index[column] != nil }

    /// A record's field by canonical column name, "" when the column or field is absent.
    func field(_ record: CSVTable.Record, _ column: String) -> String {
        guard let i = index[column], i < record.fields.count else { return "" }
        return record.fields[i]
    }

    /// The location of a record's field (its column when the file has it).
    func location(_ record: CSVTable.Record, _ column: String? = nil) -> SourceLocation {
        guard let column, let i = index[column] else { return SourceLocation(file: table.file, line: record.line) }
        return SourceLocation(file: table.file, line: record.line, column: i + 1)
    }
}
