/// What a cell or a formula holds, as a spreadsheet sees it.
public enum Value: Hashable, Sendable {
    case number(Double)
    case text(String)
    case bool(Bool)
    /// An empty cell.
    case empty
    case error(SpreadsheetError)

    /// The number, when the value is one.
    public var number: Double? {
        if case .number(let x) = self { return x }
        return nil
    }

    /// The text, when the value is text.
    public var text: String? {
        if case .text(let s) = self { return s }
        return nil
    }
}

/// The error values a formula can produce.
public enum SpreadsheetError: String, Error, Hashable, Sendable {
    case divisionByZero = "#DIV/0!"
    case value = "#VALUE!"
    case notAvailable = "#N/A"
}

/// Where a formula reads the cells it refers to.
public protocol CellValues {
    /// The value of a cell (`.empty` for a cell never set).
    func value(at ref: CellRef) -> Value

    /// The numbers of the range from `first` to `last` in ascending order, or the first error in it
    /// (the cells read row by row), as `Formula.rangeNumbers` finds them; nil when the cells do not keep
    /// them (then every formula reads the range itself).
    func sortedNumbers(_ first: CellRef, _ last: CellRef) -> Result<[Double], SpreadsheetError>?
}

extension CellValues {
    public func sortedNumbers(_ first: CellRef, _ last: CellRef) -> Result<[Double], SpreadsheetError>? { nil }
}

extension Formula {
    /// The formula's result, computed as Excel and LibreOffice compute it: IEEE doubles in the order the
    /// formula states, empty cells as 0 in arithmetic and as "" in comparisons, ranges that skip text,
    /// errors that propagate, ROUND half away from zero on the value's 15 significant digits.
    public func evaluate(in cells: some CellValues) -> Value {
        evaluate(in: cells, arguments: [])
    }

    /// Evaluates, with the arguments of the template whose body this is.
    func evaluate(in cells: some CellValues, arguments: [Formula]) -> Value {
        switch self {
        case .number(let x): return .number(x)
        case .text(let s): return .text(s)
        case .ref(let r): return cells.value(at: r)
        case .range(let a, _, _):
            // A range where one value is expected: its first cell (the implicit intersection
            // spreadsheets use never arises in these workbooks).
            return cells.value(at: a)
        case .argument(let i):
            return i < arguments.count ? arguments[i].evaluate(in: cells) : .error(.value)
        case .apply(let template, let args):
            return template.evaluate(args, in: cells)
        case .negate(let x):
            switch Formula.arithmetic(x.evaluate(in: cells, arguments: arguments)) {
            case .success(let v): return .number(-v)
            case .failure(let e): return .error(e)
            }
        case .binary(let op, let a, let b):
            return Formula.apply(op, a.evaluate(in: cells, arguments: arguments), b.evaluate(in: cells, arguments: arguments))
        case .call(let f, let args):
            return Formula.call(f, args, cells, arguments)
        }
    }

    /// A value as a number for arithmetic.
    static func arithmetic(_ v: Value) -> Result<Double, SpreadsheetError> {
        switch v {
        case .number(let x): return .success(x)
        case .empty: return .success(0)
        case .bool(let b): return .success(b ? 1 : 0)
        case .text(let s):
            if s.isEmpty { return .failure(.value) }
            if let x = Double(s) { return .success(x) }
            return .failure(.value)
        case .error(let e): return .failure(e)
        }
    }

    static func apply(_ op: Operator, _ a: Value, _ b: Value) -> Value {
        if case .error(let e) = a { return .error(e) }
        if case .error(let e) = b { return .error(e) }
        switch op {
        case .add, .subtract, .multiply, .divide:
            let x: Double, y: Double
            switch (arithmetic(a), arithmetic(b)) {
            case let (.success(p), .success(q)): x = p; y = q
            case let (.failure(e), _), let (_, .failure(e)): return .error(e)
            }
            switch op {
            case .add: return .number(x + y)
            case .subtract: return .number(x - y)
            case .multiply: return .number(x * y)
            default: return y == 0 ? .error(.divisionByZero) : .number(x / y)
            }
        case .concatenate:
            return .text(display(a) + display(b))
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            let order = compare(a, b)
            switch op {
            case .equal: return .bool(order == 0)
            case .notEqual: return .bool(order != 0)
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        }
    }

    /// Spreadsheet ordering: numbers < text < booleans; an empty cell equals 0, "" and FALSE.
    static func compare(_ a: Value, _ b: Value) -> Int {
        func rank(_ v: Value) -> Int {
            switch v {
            case .number, .empty: return 0
            case .text: return 1
            case .bool: return 2
            case .error: return 3
            }
        }
        switch (a, b) {
        case (.empty, .empty): return 0
        case (.empty, .text(let s)): return s.isEmpty ? 0 : -1
        case (.text(let s), .empty): return s.isEmpty ? 0 : 1
        case (.empty, .bool(let v)): return v ? -1 : 0
        case (.bool(let v), .empty): return v ? 1 : 0
        default: break
        }
        let ra = rank(a), rb = rank(b)
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case let (.number(x), .number(y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.number(let x), .empty): return x < 0 ? -1 : (x > 0 ? 1 : 0)
        case (.empty, .number(let y)): return 0 < y ? -1 : (0 > y ? 1 : 0)
        case let (.text(x), .text(y)):
            let p = x.lowercased(), q = y.lowercased()
            return p == q ? 0 : (p.utf8.lexicographicallyPrecedes(q.utf8) ? -1 : 1)
        case let (.bool(x), .bool(y)): return x == y ? 0 : (!x ? -1 : 1)
        default: return 0
        }
    }

    /// A value as text (for `&`).
    static func display(_ v: Value) -> String {
        switch v {
        case .number(let x): return numberText(x)
        case .text(let s): return s
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .empty: return ""
        case .error(let e): return e.rawValue
        }
    }

    /// The values an argument stands for: each cell of a range or reference (where text, booleans and
    /// empty cells are skipped by the aggregate functions), or the argument's own value.
    static func collect(_ arg: Formula, _ cells: some CellValues, _ arguments: [Formula], into out: inout [Double]) -> SpreadsheetError? {
        switch arg {
        case .argument(let i):
            guard i < arguments.count else { return .value }
            return collect(arguments[i], cells, [], into: &out)
        case .range(let a, let b, _):
            return rangeNumbers(a, b, cells, into: &out)
        case .ref(let r):
            switch cells.value(at: r) {
            case .number(let x): out.append(x)
            case .error(let e): return e
            default: break
            }
            return nil
        default:
            switch arithmetic(arg.evaluate(in: cells, arguments: arguments)) {
            case .success(let x): out.append(x); return nil
            case .failure(let e): return e
            }
        }
    }

    /// The numbers of a range, row by row (text, booleans and empty cells skipped); the first error
    /// stops the reading.
    static func rangeNumbers(_ a: CellRef, _ b: CellRef, _ cells: some CellValues, into out: inout [Double]) -> SpreadsheetError? {
        // Room for the whole range at once; a later range of the same call grows the array as appends do
        // (reserving each time would copy it again and again).
        if out.isEmpty { out.reserveCapacity((abs(a.row - b.row) + 1) * (abs(a.column - b.column) + 1)) }
        for row in min(a.row, b.row)...max(a.row, b.row) {
            for column in min(a.column, b.column)...max(a.column, b.column) {
                switch cells.value(at: CellRef(a.sheet, row, column)) {
                case .number(let x): out.append(x)
                case .error(let e): return e
                default: break
                }
            }
        }
        return nil
    }

    static func truth(_ v: Value) -> Result<Bool, SpreadsheetError> {
        switch v {
        case .bool(let b): return .success(b)
        case .number(let x): return .success(x != 0)
        case .empty: return .success(false)
        case .text: return .failure(.value)
        case .error(let e): return .failure(e)
        }
    }

    private static func call(_ f: Function, _ args: [Formula], _ cells: some CellValues, _ arguments: [Formula]) -> Value {
        switch f {
        case .IF:
            guard args.count >= 2 else { return .error(.value) }
            switch truth(args[0].evaluate(in: cells, arguments: arguments)) {
            case .success(true): return args[1].evaluate(in: cells, arguments: arguments)
            case .success(false): return args.count > 2 ? args[2].evaluate(in: cells, arguments: arguments) : .bool(false)
            case .failure(let e): return .error(e)
            }
        case .AND, .OR:
            var any = false, all = true
            for arg in args {
                switch truth(arg.evaluate(in: cells, arguments: arguments)) {
                case .success(let t): any = any || t; all = all && t
                case .failure(let e): return .error(e)
                }
            }
            return .bool(f == .AND ? all : any)
        case .ISNUMBER:
            guard let arg = args.first else { return .error(.value) }
            if case .number = arg.evaluate(in: cells, arguments: arguments) { return .bool(true) }
            return .bool(false)
        case .INT:
            guard let arg = args.first else { return .error(.value) }
            switch arithmetic(arg.evaluate(in: cells, arguments: arguments)) {
            case .success(let x): return .number(x.rounded(.down))
            case .failure(let e): return .error(e)
            }
        case .ROUND:
            guard args.count == 2 else { return .error(.value) }
            switch (arithmetic(args[0].evaluate(in: cells, arguments: arguments)), arithmetic(args[1].evaluate(in: cells, arguments: arguments))) {
            case let (.success(x), .success(d)): return .number(SpreadsheetMath.round(x, Int(d.rounded(.towardZero))))
            case let (.failure(e), _), let (_, .failure(e)): return .error(e)
            }
        case .SUM, .COUNT, .AVERAGE, .MAX, .MIN:
            var values: [Double] = []
            for arg in args {
                if let e = collect(arg, cells, arguments, into: &values) { return .error(e) }
            }
            var gathered = FormulaAggregate()
            for x in values { gathered.add(x) }
            return gathered.result(f)
        case .RANK:
            guard args.count >= 2 else { return .error(.value) }
            guard case .number(let x) = args[0].evaluate(in: cells, arguments: arguments) else { return .error(.value) }
            var list = args[1]
            if case .argument(let i) = list, i < arguments.count { list = arguments[i] }
            if case .range(let a, let b, _) = list, let kept = cells.sortedNumbers(a, b) {
                // A ranking column ranks every row among the same range: read and sorted once, each
                // rank is then two binary searches (the same answer as the count below).
                switch kept {
                case .failure(let e): return .error(e)
                case .success(let sorted):
                    let notBelow = SpreadsheetMath.firstIndex(in: sorted) { $0 >= x }
                    guard notBelow < sorted.count, sorted[notBelow] == x else { return .error(.notAvailable) }
                    let above = sorted.count - SpreadsheetMath.firstIndex(in: sorted) { $0 > x }
                    return .number(Double(1 + above))
                }
            }
            var values: [Double] = []
            if let e = collect(args[1], cells, arguments, into: &values) { return .error(e) }
            guard values.contains(x) else { return .error(.notAvailable) }
            return .number(Double(1 + values.filter { $0 > x }.count))
        }
    }
}

/// Arithmetic as the spreadsheets do it, where it differs from plain IEEE operations.
public enum SpreadsheetMath {
    /// `ROUND(x, digits)` as LibreOffice and Excel compute it: half away from zero, on the scaled value
    /// taken to 15 significant digits, so ROUND(4.595, 2) = 4.6 although 4.595 is stored as 4.59499….
    public static func round(_ x: Double, _ digits: Int) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let negative = x < 0
        var value = abs(x)
        // Integers and values beyond 2^52 are already as precise as a double can be.
        if digits >= 0 && (value >= 0x1p52 || value == value.rounded(.towardZero)) { return x }
        let factor = power10(abs(digits))
        if digits > 0 { value *= factor } else if digits < 0 { value /= factor }
        value = approximate15(value + 0.5).rounded(.down)
        if digits > 0 { value /= factor } else if digits < 0 { value *= factor }
        return negative ? -value : value
    }

    /// A value rounded to 15 significant digits: what the spreadsheets take a computed double to mean.
    static func approximate15(_ x: Double) -> Double {
        guard x.isFinite, x != 0, x != x.rounded(.towardZero) || abs(x) >= 0x1p41 else { return x }
        let negative = x < 0
        var value = abs(x)
        // Values with few binary fraction digits (0.5, 0.25, …) are exact: nothing to approximate.
        if value == value.rounded(.towardZero) || fractionBits(value) <= 11 { return x }
        let exponent = 14 - Int(log10Floor(value))
        let factor = power10(abs(exponent))
        if exponent < 0 { value /= factor } else { value *= factor }
        guard value.isFinite else { return x }
        value = value.rounded(.toNearestOrAwayFromZero)
        if exponent < 0 { value *= factor } else { value /= factor }
        guard value.isFinite else { return x }
        return negative ? -value : value
    }

    /// How many binary digits the fractional part of a positive double needs.
    static func fractionBits(_ x: Double) -> Int {
        let exponent = Int(x.exponent)
        if exponent >= 52 { return 0 }
        let fraction = x.significandBitPattern
        let leastSignificant = fraction == 0 ? 53 : fraction.trailingZeroBitCount + 1
        return max(53 - leastSignificant - exponent, 0)
    }

    /// ⌊log10 x⌋ for x > 0, exact at powers of ten.
    static func log10Floor(_ x: Double) -> Int {
        var e = Int((x.exponent * 30103) / 100000)
        while power10Signed(e) > x { e -= 1 }
        while power10Signed(e + 1) <= x { e += 1 }
        return e
    }

    private static func power10Signed(_ e: Int) -> Double { e >= 0 ? power10(e) : 1 / power10(-e) }

    /// 10^n, exact for n ≤ 22.
    static func power10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }

    /// The first index of an ascending array whose element satisfies `isAtOrPast` (which holds from
    /// some index on); the count when none does.
    static func firstIndex(in sorted: [Double], where isAtOrPast: (Double) -> Bool) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if isAtOrPast(sorted[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

extension FormulaTemplate {
    /// The rule's value for a cell's arguments: its program's, or its tree's where it has none.
    func evaluate(_ arguments: [Formula], in cells: some CellValues) -> Value {
        if let program { return program.evaluate(arguments, in: cells) }
        return body.evaluate(in: cells, arguments: arguments)
    }
}
