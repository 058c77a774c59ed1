/// A sheet of the workbook being built, by creation order (the tab order may differ).
public struct SheetID: Hashable, Sendable {
    /// Position in `Workbook.sheets`.
    public let index: Int
}

/// A cell of the workbook being built: sheet, 0-based row and column.
public struct CellRef: Hashable, Sendable, CustomStringConvertible {
    /// The sheet.
    public let sheet: SheetID
    /// 0-based row.
    public let row: Int
    /// 0-based column.
    public let column: Int

    /// Creates a reference.
    public init(_ sheet: SheetID, _ row: Int, _ column: Int) {
        self.sheet = sheet
        self.row = row
        self.column = column
    }

    /// `C12`.
    public var a1: String { CellRef.columnName(column) + String(row + 1) }
    /// `$C$12`.
    public var absoluteA1: String { "$" + CellRef.columnName(column) + "$" + String(row + 1) }
    public var description: String { a1 }

    /// Column letters A…ZZ, computed once (labels and chart references ask for them by name).
    private static let names: [String] = (0..<702).map(spelled)

    /// Appends `C12` (or `$C$12`) to `out`.
    static func write(_ r: CellRef, absolute: Bool, into out: inout ByteWriter) {
        if absolute { out.append(0x24) }
        if r.column >= 0 && r.column < 26 {
            out.append(UInt8(65 + r.column))
        } else if r.column >= 0 {
            // The column's letters, without making a string or an array.
            var n = r.column + 1, count = 0
            var letters: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &letters) { d in
                repeat {
                    d[count] = UInt8(65 + (n - 1) % 26)
                    n = (n - 1) / 26
                    count += 1
                } while n > 0 && count < 7
                for k in stride(from: count - 1, through: 0, by: -1) { out.append(d[k]) }
            }
        } else {
            out.append(spelled(r.column))
        }
        if absolute { out.append(0x24) }
        writeDigits(r.row + 1, into: &out)
    }

    /// Appends a non-negative integer's decimal digits.
    static func writeDigits(_ value: Int, into out: inout ByteWriter) {
        // Row numbers of up to three digits (nearly all of them) written straight.
        switch value {
        case 0..<10:
            out.append(UInt8(0x30 + value))
            return
        case 10..<100:
            out.append(UInt8(0x30 + value / 10))
            out.append(UInt8(0x30 + value % 10))
            return
        case 100..<1000:
            out.append(UInt8(0x30 + value / 100))
            out.append(UInt8(0x30 + value / 10 % 10))
            out.append(UInt8(0x30 + value % 10))
            return
        default:
            break
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { d in
            var n = value.magnitude, count = 0
            repeat {
                d[count] = UInt8(0x30 + n % 10)
                n /= 10
                count += 1
            } while n > 0 && count < 20
            for k in stride(from: count - 1, through: 0, by: -1) { out.append(d[k]) }
        }
    }

    /// Column letters: 0 → A, 26 → AA.
    public static func columnName(_ column: Int) -> String {
        column >= 0 && column < names.count ? names[column] : spelled(column)
    }

    private static func spelled(_ column: Int) -> String {
        var n = column + 1
        var scalars: [UInt8] = []
        while n > 0 {
            scalars.append(UInt8(65 + (n - 1) % 26))
            n = (n - 1) / 26
        }
        return String(decoding: scalars.reversed(), as: UTF8.self)
    }

    /// The cell `rows` below and `columns` to the right.
    public func offset(rows: Int = 0, columns: Int = 0) -> CellRef { CellRef(sheet, row + rows, column + columns) }
}

/// A spreadsheet formula as a value: cell and range references, numbers, text, arithmetic,
/// comparisons and the functions the workbooks use. It renders its Excel text (`render`) and evaluates
/// itself with the spreadsheet's semantics (`evaluate`), so a cell's cached value is its own formula's
/// result. Numbers in formulas are constants of the rules (levels, band floors, 100), and text literals
/// are the tool's own labels: input values live in cells, never inside a formula.
public enum Formula: Hashable, Sendable {
    case number(Double)
    case text(String)
    case ref(CellRef)
    /// A rectangular range; `absolute` renders `$A$1:$A$9` (for ranges an officer copies with the cell).
    indirect case range(CellRef, CellRef, absolute: Bool)
    indirect case negate(Formula)
    indirect case binary(Operator, Formula, Formula)
    case call(Function, [Formula])
    /// The i-th argument of the template being applied (inside a template's body only).
    case argument(Int)
    /// A rule's template applied to its arguments: one shared tree per rule, the cell's own arguments.
    case apply(FormulaTemplate, [Formula])

    /// Binary operators, with Excel's precedence.
    public enum Operator: String, Hashable, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/"
        case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case concatenate = "&"

        var precedence: Int {
            switch self {
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 1
            case .concatenate: return 2
            case .add, .subtract: return 3
            case .multiply, .divide: return 4
            }
        }
    }

    /// The functions the workbooks use: each exists in Excel 2010 and LibreOffice 7.
    public enum Function: String, Hashable, Sendable, CaseIterable {
        case IF, AND, OR, MAX, MIN, INT, ROUND, SUM, COUNT, AVERAGE, RANK, ISNUMBER
    }
}

// MARK: Building

extension Formula: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral {
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .text(value) }
}

extension Formula {
    /// A reference to one cell.
    public static func cell(_ ref: CellRef) -> Formula { .ref(ref) }

    /// The cells of one column from `first` to `last` row (a single cell when they are equal).
    public static func column(_ first: CellRef, through lastRow: Int, absolute: Bool = false) -> Formula {
        lastRow == first.row && !absolute ? .ref(first) : .range(first, CellRef(first.sheet, lastRow, first.column), absolute: absolute)
    }

    public static func + (a: Formula, b: Formula) -> Formula { .binary(.add, a, b) }
    public static func - (a: Formula, b: Formula) -> Formula { .binary(.subtract, a, b) }
    public static func * (a: Formula, b: Formula) -> Formula { .binary(.multiply, a, b) }
    public static func / (a: Formula, b: Formula) -> Formula { .binary(.divide, a, b) }
    public static prefix func - (a: Formula) -> Formula { .negate(a) }
    public static func == (a: Formula, b: Formula) -> Formula { .binary(.equal, a, b) }
    public static func != (a: Formula, b: Formula) -> Formula { .binary(.notEqual, a, b) }
    public static func < (a: Formula, b: Formula) -> Formula { .binary(.less, a, b) }
    public static func <= (a: Formula, b: Formula) -> Formula { .binary(.lessOrEqual, a, b) }
    public static func > (a: Formula, b: Formula) -> Formula { .binary(.greater, a, b) }
    public static func >= (a: Formula, b: Formula) -> Formula { .binary(.greaterOrEqual, a, b) }

    public static func IF(_ condition: Formula, _ then: Formula, _ otherwise: Formula) -> Formula {
        .call(.IF, [condition, then, otherwise])
    }
    public static func AND(_ terms: Formula...) -> Formula { .call(.AND, terms) }
    public static func OR(_ terms: Formula...) -> Formula { .call(.OR, terms) }
    public static func MAX(_ terms: Formula...) -> Formula { .call(.MAX, terms) }
    public static func MIN(_ terms: Formula...) -> Formula { .call(.MIN, terms) }
    public static func INT(_ x: Formula) -> Formula { .call(.INT, [x]) }
    public static func ROUND(_ x: Formula, _ digits: Int) -> Formula { .call(.ROUND, [x, .number(Double(digits))]) }
    public static func SUM(_ terms: [Formula]) -> Formula { .call(.SUM, terms.isEmpty ? [0] : terms) }
    public static func COUNT(_ terms: [Formula]) -> Formula { .call(.COUNT, terms) }
    public static func AVERAGE(_ terms: [Formula]) -> Formula { .call(.AVERAGE, terms) }
    /// Rank in descending order (1 = highest), ties sharing a rank.
    public static func RANK(_ x: Formula, _ list: Formula) -> Formula { .call(.RANK, [x, list]) }
    public static func ISNUMBER(_ x: Formula) -> Formula { .call(.ISNUMBER, [x]) }

    /// The sum of single cells, runs of consecutive rows of one column written as ranges:
    /// `SUM(V6:V9,V12)`.
    public static func sum(of cells: [CellRef]) -> Formula { .SUM(compact(cells)) }

    /// Cells as references, consecutive rows of one column joined into ranges.
    public static func compact(_ cells: [CellRef]) -> [Formula] {
        guard var start = cells.first else { return [] }
        var parts: [Formula] = []
        var end = start
        for cell in cells.dropFirst() {
            if cell.sheet == end.sheet && cell.column == end.column && cell.row == end.row + 1 {
                end = cell
                continue
            }
            parts.append(start == end ? .ref(start) : .range(start, end, absolute: false))
            start = cell
            end = cell
        }
        parts.append(start == end ? .ref(start) : .range(start, end, absolute: false))
        return parts
    }
}

// MARK: Rendering

extension Formula {
    /// The formula's text as Excel stores it (without the leading `=`), references on other sheets
    /// prefixed by their quoted sheet name.
    public func render(on sheet: SheetID, names: [String]) -> String {
        var writer = ByteWriter()
        defer { writer.free() }
        write(into: &writer, on: sheet, names: names.map { Array(Formula.quotedSheet($0).utf8) })
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Appends the formula's text (UTF-8) to `out`; `names` are the sheets' names as formulas quote them.
    func write(into out: inout ByteWriter, on sheet: SheetID, names: [[UInt8]]) {
        switch self {
        case .number(let x):
            Formula.writeNumber(x, into: &out)
        case .text(let s):
            out.append(0x22)
            for b in s.utf8 {
                out.append(b)
                if b == 0x22 { out.append(0x22) }
            }
            out.append(0x22)
        case .ref(let r):
            if r.sheet != sheet { out.append(names[r.sheet.index]); out.append(0x21) }
            CellRef.write(r, absolute: false, into: &out)
        case .range(let a, let b, let absolute):
            if a.sheet != sheet { out.append(names[a.sheet.index]); out.append(0x21) }
            CellRef.write(a, absolute: absolute, into: &out)
            out.append(0x3A)
            CellRef.write(b, absolute: absolute, into: &out)
        case .negate(let x):
            out.append(0x2D)
            x.writeOperand(into: &out, on: sheet, names: names, parentPrecedence: 5, right: false)
        case .binary(let op, let a, let b):
            a.writeOperand(into: &out, on: sheet, names: names, parentPrecedence: op.precedence, right: false)
            out.append(op.rawValue)
            b.writeOperand(into: &out, on: sheet, names: names, parentPrecedence: op.precedence, right: true)
        case .call(let f, let args):
            out.append(f.rawValue)
            out.append(0x28)
            for (i, arg) in args.enumerated() {
                if i > 0 { out.append(0x2C) }
                arg.write(into: &out, on: sheet, names: names)
            }
            out.append(0x29)
        case .argument(let i):
            out.append("{\(i)}")
        case .apply(let template, let args):
            template.write(args, into: &out, on: sheet, names: names)
        }
    }

    var precedence: Int {
        switch self {
        case .binary(let op, _, _): return op.precedence
        case .negate: return 5
        case .number(let x) where x < 0: return 5
        case .apply(let template, _): return template.body.precedence
        default: return 6
        }
    }

    /// An operand, in brackets when it binds less tightly than its operator (or as tightly, on the
    /// right of an operator that is not associative: `a-(b-c)`, `a/(b*c)`).
    func writeOperand(into out: inout ByteWriter, on sheet: SheetID, names: [[UInt8]], parentPrecedence: Int, right: Bool) {
        // A reference binds tightest of all: never in brackets (most of the operands written).
        if case .ref = self {
            write(into: &out, on: sheet, names: names)
            return
        }
        let mine = precedence
        let bracket = mine < parentPrecedence || (right && mine == parentPrecedence)
        if bracket { out.append(0x28) }
        write(into: &out, on: sheet, names: names)
        if bracket { out.append(0x29) }
    }

    /// Appends `numberText(x)`, whole numbers digit by digit.
    static func writeNumber(_ x: Double, into out: inout ByteWriter) {
        if x == x.rounded(), abs(x) < 1e15 {
            if x < 0 { out.append(0x2D) }
            CellRef.writeDigits(Int(abs(x)), into: &out)
        } else {
            out.append(numberText(x))
        }
    }

    /// A constant as the shortest text that reads back as the same number (`5`, `0.1`, `1E-05`).
    static func numberText(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        let text = "\(x)"
        return text.contains("e") ? text.uppercased() : text
    }

    /// A sheet name as a formula refers to it: quoted unless it is a plain ASCII word.
    public static func quotedSheet(_ name: String) -> String {
        let plain = !name.isEmpty && name.utf8.allSatisfy { b in
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
        } && !(name.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? true)
        return plain ? name : "'" + name.replacingAll("'", with: "''") + "'"
    }

    /// Every cell reference in the formula (ranges as their corners), for tests and checks.
    public var references: [CellRef] {
        switch self {
        case .number, .text: return []
        case .ref(let r): return [r]
        case .range(let a, let b, _): return [a, b]
        case .negate(let x): return x.references
        case .binary(_, let a, let b): return a.references + b.references
        case .call(_, let args): return args.flatMap(\.references)
        case .argument: return []
        case .apply(_, let args): return args.flatMap(\.references)
        }
    }
}

extension String {
    /// Replaces every occurrence of an ASCII character, byte by byte (its byte is never part of another
    /// character's UTF-8): a sheet name's apostrophes are each doubled, as Excel counts them, whatever
    /// mark follows one (no Foundation, and no walk through characters, on the hot path).
    func replacingAll(_ target: Unicode.Scalar, with replacement: String) -> String {
        precondition(target.isASCII, "replacingAll replaces an ASCII character")
        let byte = UInt8(target.value)
        guard utf8.contains(byte) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + replacement.utf8.count)
        for b in utf8 {
            if b == byte { out.append(contentsOf: replacement.utf8) } else { out.append(b) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A rule as a formula over its arguments, built once and shared by every cell that applies it: the
/// tree is evaluated with the cell's own arguments, and its text is kept in pieces between which the
/// arguments' text goes.
public final class FormulaTemplate: Hashable, Sendable {
    /// The rule, with `.argument(i)` for its inputs.
    public let body: Formula
    /// Number of arguments.
    public let arity: Int
    /// The body compiled (nil when it uses what a program does not run): what a cell's value is
    /// computed with.
    let program: FormulaProgram?
    /// The body's text without its arguments, one piece after another.
    private let text: [UInt8]
    /// Where each argument goes in `text`, in order.
    private let slots: [Slot]

    /// An argument's place: the text before it ends at `textEnd`; the operator around it (which decides
    /// whether the argument needs brackets) has `precedence`, and the argument is on its `right` or not.
    private struct Slot {
        let textEnd: Int32
        let argument: Int32
        let precedence: Int32
        let right: Bool
    }

    /// A template of `arity` arguments whose body `build` writes over `.argument(0)`, `.argument(1)`, ….
    public init(arity: Int, _ build: ([Formula]) -> Formula) {
        self.arity = arity
        body = build((0..<arity).map(Formula.argument))
        program = FormulaProgram(body)
        var text = ByteWriter()
        defer { text.free() }
        var slots: [Slot] = []
        FormulaTemplate.split(body, text: &text, slots: &slots)
        self.text = Array(text.bytes)
        self.slots = slots
    }

    /// Writes the body with `args` in its slots.
    func write(_ args: [Formula], into out: inout ByteWriter, on sheet: SheetID, names: [[UInt8]]) {
        text.withUnsafeBufferPointer { text in
            slots.withUnsafeBufferPointer { slots in
                args.withUnsafeBufferPointer { args in
                    var position = 0
                    for slot in slots {
                        let end = Int(slot.textEnd)
                        if end > position { out.append(UnsafeBufferPointer(rebasing: text[position..<end])) }
                        position = end
                        args[Int(slot.argument)].writeOperand(into: &out, on: sheet, names: names,
                                                              parentPrecedence: Int(slot.precedence), right: slot.right)
                    }
                    if text.count > position { out.append(UnsafeBufferPointer(rebasing: text[position...])) }
                }
            }
        }
    }

    /// Renders the body into text, with a slot where each argument goes.
    private static func split(_ f: Formula, text: inout ByteWriter, slots: inout [Slot]) {
        func operand(_ x: Formula, _ precedence: Int, right: Bool) {
            if case .argument(let i) = x {
                slots.append(Slot(textEnd: Int32(text.count), argument: Int32(i), precedence: Int32(precedence), right: right))
                return
            }
            let bracket = x.precedence < precedence || (right && x.precedence == precedence)
            if bracket { text.append(0x28) }
            split(x, text: &text, slots: &slots)
            if bracket { text.append(0x29) }
        }
        switch f {
        case .argument(let i):
            slots.append(Slot(textEnd: Int32(text.count), argument: Int32(i), precedence: 0, right: false))
        case .negate(let x):
            text.append(0x2D)
            operand(x, 5, right: false)
        case .binary(let op, let a, let b):
            operand(a, op.precedence, right: false)
            text.append(op.rawValue)
            operand(b, op.precedence, right: true)
        case .call(let function, let args):
            text.append(function.rawValue)
            text.append(0x28)
            for (i, arg) in args.enumerated() {
                if i > 0 { text.append(0x2C) }
                operand(arg, 0, right: false)
            }
            text.append(0x29)
        default:
            // Constants (references never appear in a rule's body).
            f.write(into: &text, on: SheetID(index: -1), names: [])
        }
    }

    public static func == (a: FormulaTemplate, b: FormulaTemplate) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    /// The template applied to arguments.
    public func callAsFunction(_ arguments: Formula...) -> Formula { .apply(self, arguments) }

    /// The template applied to an array of arguments.
    public func applied(to arguments: [Formula]) -> Formula { .apply(self, arguments) }
}
