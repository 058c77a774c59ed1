/// The input files of an inputs folder (SPEC §1).
public enum InputKind: String, Sendable, CaseIterable {
    case divisions, indicators, results, projects

    /// The order the validator reads them in: who the units are, then their rules, then what they
    /// reported (each checked against the rules as it streams past), then the projects.
    var order: Int {
        switch self {
        case .divisions: return 0
        case .indicators: return 1
        case .results: return 2
        case .projects: return 3
        }
    }
}

/// One input file as the reader found it.
public struct InputFile: Hashable, Sendable {
    /// Position in the run's list of files (`RecordSpan.file`).
    public let index: Int
    /// What it holds.
    public let kind: InputKind
    /// The file as messages name it (the inputs folder joined with its path inside it).
    public let name: String

    /// Creates a file entry.
    public init(index: Int, kind: InputKind, name: String) {
        self.index = index
        self.kind = kind
        self.name = name
    }
}

/// Where a record's bytes are in its file, so that a later stage can read the record again without
/// the run holding every row in memory: byte offset and length, and the physical line it starts on.
public struct RecordSpan: Hashable, Sendable {
    /// `InputFile.index`.
    public let file: Int32
    /// Physical line (1-based) the record starts on.
    public let line: Int32
    /// Byte offset of the record's first byte in the file.
    public let offset: Int64
    /// Bytes of the record, its line end included.
    public let length: Int64

    /// Creates a span.
    public init(file: Int, line: Int, offset: Int64, length: Int64) {
        self.file = Int32(file)
        self.line = Int32(line)
        self.offset = offset
        self.length = length
    }

    /// The span from this one's start to `next`'s end, when `next` follows it directly in the same file.
    func joined(with next: RecordSpan) -> RecordSpan? {
        guard next.file == file, next.offset == offset + length else { return nil }
        return RecordSpan(file: Int(file), line: Int(line), offset: offset, length: length + next.length)
    }
}

/// One record (row) of an input file: its fields decoded to text and unquoted, and where it is.
public struct InputRecord: Sendable {
    /// The fields.
    public let fields: [String]
    /// Where the record is.
    public let span: RecordSpan

    /// Creates a record.
    public init(fields: [String], span: RecordSpan) {
        self.fields = fields
        self.span = span
    }

    /// Physical line the record starts on.
    public var line: Int { Int(span.line) }
}

/// The columns of the input files: canonical English headers and the Thai aliases users may write
/// instead (SPEC §1). Headers match case-insensitively, ignoring spaces, `_` and `-`, with Thai digits
/// read as digits (`เกณฑ์ ๑` = `เกณฑ์1`).
public enum Column: String, Sendable, CaseIterable {
    case year
    case divisionID = "division_id", name, shortName = "short_name"
    case indicatorID = "indicator_id", unit, weight, method, direction, t1, t2, t3, t4, t5, target, rounds, group
    case redistributeTo = "redistribute_to", latePenalty = "late_penalty", note, annex
    case round, result, numerator, denominator, level, dueOn = "due_on", reportedOn = "reported_on"
    case projectID = "project_id", plan, division, indicator, budget, disbursed, progress

    /// The five criteria columns.
    static let criteria: [Column] = [.t1, .t2, .t3, .t4, .t5]

    /// Position among all columns: a field is found by array index, not by hashing, on every row.
    var ordinal: Int {
        switch self {
        case .year: return 0
        case .divisionID: return 1
        case .name: return 2
        case .shortName: return 3
        case .indicatorID: return 4
        case .unit: return 5
        case .weight: return 6
        case .method: return 7
        case .direction: return 8
        case .t1: return 9
        case .t2: return 10
        case .t3: return 11
        case .t4: return 12
        case .t5: return 13
        case .target: return 14
        case .rounds: return 15
        case .group: return 16
        case .redistributeTo: return 17
        case .latePenalty: return 18
        case .note: return 19
        case .annex: return 20
        case .round: return 21
        case .result: return 22
        case .numerator: return 23
        case .denominator: return 24
        case .level: return 25
        case .dueOn: return 26
        case .reportedOn: return 27
        case .projectID: return 28
        case .plan: return 29
        case .division: return 30
        case .indicator: return 31
        case .budget: return 32
        case .disbursed: return 33
        case .progress: return 34
        }
    }

    /// Thai headers accepted for the column in a file of `kind`.
    func aliases(in kind: InputKind) -> [String] {
        switch (self, kind) {
        case (.year, _): return ["ปีงบประมาณ", "ปี"]
        case (.divisionID, _): return ["รหัสหน่วยงาน"]
        case (.name, .divisions): return ["ชื่อหน่วยงาน"]
        case (.name, .indicators): return ["รายละเอียดตัวชี้วัด", "ชื่อตัวชี้วัด"]
        case (.name, .projects): return ["โครงการ", "ชื่อโครงการ"]
        case (.shortName, _): return ["ชื่อย่อ"]
        case (.indicatorID, _): return ["ตัวชี้วัด", "ตัวชี้วัดที่"]
        case (.unit, _): return ["หน่วยวัด"]
        case (.weight, _): return ["น้ำหนัก"]
        case (.method, _): return ["วิธีให้คะแนน", "วิธีคำนวณ"]
        case (.direction, _): return ["ทิศทาง"]
        case (.t1, _): return ["เกณฑ์1"]
        case (.t2, _): return ["เกณฑ์2"]
        case (.t3, _): return ["เกณฑ์3"]
        case (.t4, _): return ["เกณฑ์4"]
        case (.t5, _): return ["เกณฑ์5"]
        case (.target, _): return ["เป้าหมาย"]
        case (.rounds, _): return ["รอบการประเมิน"]
        case (.group, _): return ["กลุ่ม"]
        case (.redistributeTo, _): return ["โอนน้ำหนักไป", "โอนน้ำหนัก"]
        case (.latePenalty, _): return ["หักคะแนนต่อวัน"]
        case (.note, _): return ["หมายเหตุ"]
        case (.annex, _): return ["ภาคผนวก"]
        case (.round, _): return ["รอบ"]
        case (.result, _): return ["ผลการดำเนินงาน", "ผลดำเนินงาน"]
        case (.numerator, _): return ["ตัวตั้ง"]
        case (.denominator, _): return ["ตัวหาร"]
        case (.level, _): return ["ระดับ", "ระดับคะแนน"]
        case (.dueOn, _): return ["กำหนดส่ง"]
        case (.reportedOn, _): return ["วันที่รายงาน", "วันที่ส่ง"]
        case (.projectID, _): return ["ลำดับโครงการ", "รหัสโครงการ"]
        case (.plan, _): return ["แผนปฏิบัติการ", "แผน"]
        case (.division, _): return ["หน่วยงานรับผิดชอบหลัก", "หน่วยงานรับผิดชอบ"]
        case (.indicator, _): return ["ตัวชี้วัด"]
        case (.budget, _): return ["งบประมาณ"]
        case (.disbursed, _): return ["ผลเบิกจ่าย"]
        case (.progress, _): return ["ระดับค่าคะแนน", "ความก้าวหน้า"]
        default: return []
        }
    }

    /// The columns of each file, in the order messages list them.
    static func columns(of kind: InputKind) -> [Column] {
        switch kind {
        case .divisions: return [.divisionID, .name, .shortName]
        case .indicators:
            return [.year, .divisionID, .indicatorID, .name, .unit, .weight, .method, .direction, .t1, .t2, .t3, .t4, .t5,
                    .target, .rounds, .group, .redistributeTo, .latePenalty, .note, .annex]
        case .results:
            return [.year, .divisionID, .round, .indicatorID, .result, .numerator, .denominator, .level, .dueOn, .reportedOn, .note]
        case .projects:
            return [.year, .projectID, .plan, .name, .division, .indicator, .target, .budget, .disbursed, .round, .progress]
        }
    }

    /// Columns without which no row of the file can be read.
    static func keys(of kind: InputKind) -> [Column] {
        switch kind {
        case .divisions: return [.divisionID, .name]
        case .indicators: return [.divisionID, .indicatorID, .name, .method]
        case .results: return [.divisionID, .round, .indicatorID]
        case .projects: return [.projectID, .name, .progress]
        }
    }

    /// The form headers are compared in.
    static func normalized(_ header: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in ThaiDigits.toASCII(header.trimmingASCIIAndThaiSpaces()).lowercased().unicodeScalars {
            switch scalar {
            case " ", "_", "-", "\u{00A0}", "\u{200B}", "\t": continue
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

/// A file's header matched against its columns: fields are found by column. Made by `bind`, which
/// records unknown columns (warnings), probable misspellings of known ones, repeated and missing key
/// columns (errors).
public struct HeaderBinding: Sendable {
    /// The file.
    public let file: InputFile
    /// Physical line of the header row.
    public let headerLine: Int
    /// Fields in the header.
    public let width: Int
    private var index: ColumnPositions

    /// True when the file has the column.
    public func has(_ column: Column) -> Bool { index[column] != nil }

    /// A record's field by column, "" when the file has no such column.
    public func field(_ record: InputRecord, _ column: Column) -> String {
        guard let i = index[column], i < record.fields.count else { return "" }
        return record.fields[i]
    }

    /// The location of a record's field (of the row when the file lacks the column).
    public func location(_ record: InputRecord, _ column: Column? = nil) -> SourceLocation {
        guard let column, let i = index[column] else { return SourceLocation(file: file.name, line: record.line) }
        return SourceLocation(file: file.name, line: record.line, column: i + 1)
    }

    /// The location of a field of the record on `line` (of the row when the file lacks the column).
    public func location(line: Int, _ column: Column? = nil) -> SourceLocation {
        guard let column, let i = index[column] else { return SourceLocation(file: file.name, line: line) }
        return SourceLocation(file: file.name, line: line, column: i + 1)
    }

    /// The location of the header cell of a column, or of the header line.
    public func headerLocation(_ column: Column? = nil) -> SourceLocation {
        guard let column, let i = index[column] else { return SourceLocation(file: file.name, line: headerLine) }
        return SourceLocation(file: file.name, line: headerLine, column: i + 1)
    }

    /// The same columns for another file with the same header.
    func rebound(to file: InputFile, line: Int) -> HeaderBinding {
        HeaderBinding(file: file, headerLine: line, width: width, index: index)
    }

    /// The same binding, its column positions shared with an equal one made before (a ministry's
    /// thousands of results files have a handful of header layouts).
    func sharing(_ shared: inout Set<ColumnPositions>) -> HeaderBinding {
        var copy = self
        if let existing = shared.firstIndex(of: index) { copy.index = shared[existing] } else { shared.insert(index) }
        return copy
    }

    /// Each kind's column names and aliases, normalized once: for the lookup, and as candidates when a
    /// header is close to one of them.
    private static let names: [InputKind: (lookup: [String: Column], candidates: [(normalized: [Unicode.Scalar], shown: String, column: Column)])] = {
        var out: [InputKind: (lookup: [String: Column], candidates: [(normalized: [Unicode.Scalar], shown: String, column: Column)])] = [:]
        for kind in InputKind.allCases {
            var lookup: [String: Column] = [:]
            var candidates: [(normalized: [Unicode.Scalar], shown: String, column: Column)] = []
            for column in Column.columns(of: kind) {
                for name in [column.rawValue] + column.aliases(in: kind) {
                    let n = Column.normalized(name)
                    if lookup[n] == nil { lookup[n] = column }
                    candidates.append((Array(n.unicodeScalars), name, column))
                }
            }
            out[kind] = (lookup, candidates)
        }
        return out
    }()

    /// Matches a header row; nil (with errors in `findings`) when the file's rows cannot be read.
    public static func bind(_ header: [String], line: Int, file: InputFile, findings: inout Findings) -> HeaderBinding? {
        let columns = Column.columns(of: file.kind)
        let (lookup, candidates) = HeaderBinding.names[file.kind] ?? ([:], [])
        var index = ColumnPositions()
        var usable = true
        for (i, raw) in header.enumerated() {
            let at = SourceLocation(file: file.name, line: line, column: i + 1)
            let n = Column.normalized(raw)
            if n.isEmpty {
                findings.warning(at, "column \(i + 1) has no header; its values are ignored")
                continue
            }
            if let column = lookup[n] {
                if let first = index[column] {
                    findings.error(at, "column \"\(TextCell.shown(raw))\" repeats column \(first + 1) (\(column.rawValue)); keep one")
                    usable = false
                } else {
                    index[column] = i
                }
                continue
            }
            // A header close to a known one is almost surely that column misspelt: reading the file
            // without it would give plausible but wrong figures, so it is an error.
            let scalars = Array(n.unicodeScalars)
            var best: (distance: Int, shown: String, column: Column)?
            for candidate in candidates {
                let d = EditDistance.between(scalars, candidate.normalized, limit: 2)
                guard d <= 2, d < (best?.distance ?? 3) else { continue }
                // Two edits turn any two-letter header into any other: demand more letters for two.
                if d == 2 && min(scalars.count, candidate.normalized.count) < 5 { continue }
                if d == 1 && min(scalars.count, candidate.normalized.count) < 2 { continue }
                best = (d, candidate.shown, candidate.column)
            }
            if let best {
                findings.error(at, "unknown column \"\(TextCell.shown(raw))\": did you mean \"\(best.shown)\" (\(best.column.rawValue))? Correct the header; a misspelt column would be read as missing")
                usable = false
            } else {
                findings.warning(at, "unknown column \"\(TextCell.shown(raw))\" is ignored (columns of \(file.kind.rawValue).csv: \(columns.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        for column in Column.keys(of: file.kind) where index[column] == nil {
            let aliases = column.aliases(in: file.kind)
            let also = aliases.isEmpty ? "" : " (or \(aliases.map { "\"\($0)\"" }.joined(separator: ", ")))"
            findings.error(SourceLocation(file: file.name, line: line), "missing required column \"\(column.rawValue)\"\(also)")
            usable = false
        }
        guard usable else { return nil }
        return HeaderBinding(file: file, headerLine: line, width: header.count, index: index)
    }
}

/// Edit distance with transpositions (optimal string alignment), stopping early past a limit.
enum EditDistance {
    static func between(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d = min(d, previous2[j - 2] + 1) }
                current[j] = d
                rowMinimum = min(rowMinimum, d)
            }
            if rowMinimum > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}

/// Where each column is in a file's header (0-based), by `Column.ordinal`.
struct ColumnPositions: Hashable, Sendable {
    private var positions = [Int16](repeating: -1, count: Column.allCases.count)

    subscript(_ column: Column) -> Int? {
        get {
            let p = positions[column.ordinal]
            return p >= 0 ? Int(p) : nil
        }
        set { positions[column.ordinal] = newValue.map { Int16(clamping: $0) } ?? -1 }
    }
}

/// Something per input file, by `InputFile.index`: an array, not a dictionary (a ministry's run reads
/// tens of thousands of files).
struct FileTable<Value: Sendable>: Sendable {
    private var values: [Value?] = []

    /// Room for `count` files.
    mutating func reserveCapacity(_ count: Int) { values.reserveCapacity(count) }

    subscript(_ index: Int) -> Value? {
        get { index >= 0 && index < values.count ? values[index] : nil }
        set {
            guard index >= 0 else { return }
            if index >= values.count { values.append(contentsOf: repeatElement(nil, count: index - values.count + 1)) }
            values[index] = newValue
        }
    }
}
