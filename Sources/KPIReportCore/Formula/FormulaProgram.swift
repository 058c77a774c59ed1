/// A rule's template as a flat program, evaluated with the spreadsheet semantics of `Formula.evaluate`
/// but without walking the tree: walking it copies every node's children, and a scoring rule has tens
/// of nodes for each of the hundreds of thousands of cells that apply it. The program is the same
/// formula — the tree compiled once, operand before operator — and `FormulaTests` holds its answers to
/// the tree's for every rule and random cells. Bodies using what it does not run (RANK, references)
/// have no program and are evaluated as trees.
struct FormulaProgram: Sendable {
    /// One step. Every step is a plain value (constants are kept apart), so reading one copies nothing
    /// that is counted.
    enum Op: Sendable {
        /// Pushes `constants[i]`.
        case constant(Int)
        /// Pushes the value of the cell's i-th argument.
        case argument(Int)
        case negate
        case binary(Formula.Operator)
        case isNumber
        case int
        /// Pops the digits, then the number.
        case round
        /// Pops `count` values and pushes their AND (or OR).
        case logical(and: Bool, count: Int)
        /// Pops a condition: true goes on, false jumps to `otherwise`; an error is pushed as the
        /// result and jumps to `end`.
        case branch(otherwise: Int, end: Int)
        case jump(Int)
        /// Starts gathering the numbers of an aggregate.
        case begin
        /// Gathers the numbers the i-th argument stands for (a range's numbers, a cell's number).
        case collectArgument(Int)
        /// Pops a value and gathers it as a number.
        case collectValue
        /// Ends the innermost aggregate and pushes its result.
        case finish(Formula.Function)
    }

    private(set) var ops: [Op] = []
    private(set) var constants: [Value] = []
    /// The deepest the value stack and the aggregates go.
    private(set) var stackSize = 0
    private(set) var aggregateSize = 0
    private var depth = 0
    private var aggregates = 0

    /// The program of `body`, or nil when the body uses what programs do not run.
    init?(_ body: Formula) {
        guard compile(body), depth == 1 else { return nil }
    }

    private mutating func push(_ op: Op, _ change: Int) {
        ops.append(op)
        depth += change
        stackSize = max(stackSize, depth)
    }

    private mutating func constant(_ value: Value) {
        constants.append(value)
        push(.constant(constants.count - 1), 1)
    }

    private mutating func compile(_ f: Formula) -> Bool {
        switch f {
        case .number(let x):
            constant(.number(x))
        case .text(let s):
            constant(.text(s))
        case .argument(let i):
            push(.argument(i), 1)
        case .negate(let x):
            guard compile(x) else { return false }
            push(.negate, 0)
        case .binary(let op, let a, let b):
            guard compile(a), compile(b) else { return false }
            push(.binary(op), -1)
        case .call(let function, let args):
            return call(function, args)
        case .ref, .range, .apply:
            return false
        }
        return true
    }

    private mutating func call(_ function: Formula.Function, _ args: [Formula]) -> Bool {
        switch function {
        case .IF:
            guard args.count >= 2 else {
                constant(.error(.value))
                return true
            }
            let before = depth
            guard compile(args[0]) else { return false }
            let branch = ops.count
            push(.branch(otherwise: 0, end: 0), -1)
            guard compile(args[1]) else { return false }
            let jump = ops.count
            push(.jump(0), 0)
            let otherwise = ops.count
            depth = before
            if args.count > 2 {
                guard compile(args[2]) else { return false }
            } else {
                constant(.bool(false))
            }
            let end = ops.count
            ops[branch] = .branch(otherwise: otherwise, end: end)
            ops[jump] = .jump(end)
        case .AND, .OR:
            for arg in args { guard compile(arg) else { return false } }
            push(.logical(and: function == .AND, count: args.count), 1 - args.count)
        case .ISNUMBER, .INT:
            guard let arg = args.first else {
                constant(.error(.value))
                return true
            }
            guard compile(arg) else { return false }
            push(function == .INT ? .int : .isNumber, 0)
        case .ROUND:
            guard args.count == 2 else {
                constant(.error(.value))
                return true
            }
            guard compile(args[0]), compile(args[1]) else { return false }
            push(.round, -1)
        case .SUM, .COUNT, .AVERAGE, .MAX, .MIN:
            push(.begin, 0)
            aggregates += 1
            aggregateSize = max(aggregateSize, aggregates)
            for arg in args {
                switch arg {
                case .argument(let i):
                    push(.collectArgument(i), 0)
                case .ref, .range:
                    return false
                default:
                    guard compile(arg) else { return false }
                    push(.collectValue, -1)
                }
            }
            aggregates -= 1
            push(.finish(function), 1)
        case .RANK:
            return false
        }
        return true
    }
}

/// The numbers an aggregate has gathered, as SUM, COUNT, AVERAGE, MAX and MIN read them: added left to
/// right, the first error kept (what follows it is not read).
struct FormulaAggregate {
    var sum = 0.0
    var count = 0
    var highest = 0.0
    var lowest = 0.0
    var error: SpreadsheetError?

    mutating func add(_ x: Double) {
        guard error == nil else { return }
        if count == 0 {
            highest = x
            lowest = x
        } else {
            // As Sequence.max() and min() compare.
            if highest < x { highest = x }
            if x < lowest { lowest = x }
        }
        sum += x
        count += 1
    }

    mutating func fail(_ e: SpreadsheetError) {
        if error == nil { error = e }
    }

    func result(_ function: Formula.Function) -> Value {
        if let error { return .error(error) }
        switch function {
        case .SUM: return .number(sum)
        case .COUNT: return .number(Double(count))
        case .AVERAGE: return count == 0 ? .error(.divisionByZero) : .number(sum / Double(count))
        case .MAX: return .number(count == 0 ? 0 : highest)
        default: return .number(count == 0 ? 0 : lowest)
        }
    }
}

extension FormulaProgram {
    /// The program's value for a cell's arguments, reading `cells`.
    func evaluate(_ arguments: [Formula], in cells: some CellValues) -> Value {
        withUnsafeTemporaryAllocation(of: Value.self, capacity: max(1, stackSize)) { stack in
            withUnsafeTemporaryAllocation(of: FormulaAggregate.self, capacity: max(1, aggregateSize)) { gathered in
                ops.withUnsafeBufferPointer { ops in
                    arguments.withUnsafeBufferPointer { arguments in
                        run(ops, arguments, cells, stack.baseAddress!, gathered.baseAddress!)
                    }
                }
            }
        }
    }

    private func run(_ ops: UnsafeBufferPointer<Op>, _ arguments: UnsafeBufferPointer<Formula>, _ cells: some CellValues,
                     _ stack: UnsafeMutablePointer<Value>, _ gathered: UnsafeMutablePointer<FormulaAggregate>) -> Value {
        var top = 0, open = 0, pc = 0
        func push(_ v: Value) {
            (stack + top).initialize(to: v)
            top += 1
        }
        func pop() -> Value {
            top -= 1
            return (stack + top).move()
        }
        while pc < ops.count {
            switch ops[pc] {
            case .constant(let i):
                push(constants[i])
            case .argument(let i):
                if i < arguments.count {
                    if case .ref(let r) = arguments[i] { push(cells.value(at: r)) } else { push(arguments[i].evaluate(in: cells)) }
                } else {
                    push(.error(.value))
                }
            case .negate:
                switch Formula.arithmetic(pop()) {
                case .success(let v): push(.number(-v))
                case .failure(let e): push(.error(e))
                }
            case .binary(let op):
                let b = pop(), a = pop()
                push(Formula.apply(op, a, b))
            case .isNumber:
                if case .number = pop() { push(.bool(true)) } else { push(.bool(false)) }
            case .int:
                switch Formula.arithmetic(pop()) {
                case .success(let x): push(.number(x.rounded(.down)))
                case .failure(let e): push(.error(e))
                }
            case .round:
                let d = Formula.arithmetic(pop()), x = Formula.arithmetic(pop())
                switch (x, d) {
                case let (.success(x), .success(d)): push(.number(SpreadsheetMath.round(x, Int(d.rounded(.towardZero)))))
                case let (.failure(e), _), let (_, .failure(e)): push(.error(e))
                }
            case .logical(let and, let count):
                var any = false, all = true
                var failure: SpreadsheetError?
                for k in (top - count)..<top where failure == nil {
                    switch Formula.truth(stack[k]) {
                    case .success(let t): any = any || t; all = all && t
                    case .failure(let e): failure = e
                    }
                }
                for _ in 0..<count { _ = pop() }
                push(failure.map(Value.error) ?? .bool(and ? all : any))
            case .branch(let otherwise, let end):
                switch Formula.truth(pop()) {
                case .success(true): break
                case .success(false):
                    pc = otherwise
                    continue
                case .failure(let e):
                    push(.error(e))
                    pc = end
                    continue
                }
            case .jump(let to):
                pc = to
                continue
            case .begin:
                (gathered + open).initialize(to: FormulaAggregate())
                open += 1
            case .collectArgument(let i):
                // What the tree's aggregate gathers for `.argument(i)`.
                var values: [Double] = []
                if let e = i < arguments.count ? Formula.collect(arguments[i], cells, [], into: &values) : .value {
                    gathered[open - 1].fail(e)
                } else {
                    for x in values { gathered[open - 1].add(x) }
                }
            case .collectValue:
                switch Formula.arithmetic(pop()) {
                case .success(let x): gathered[open - 1].add(x)
                case .failure(let e): gathered[open - 1].fail(e)
                }
            case .finish(let function):
                open -= 1
                push((gathered + open).move().result(function))
            }
            pc += 1
        }
        let result = pop()
        // A well-formed program leaves its one result; anything left is let go.
        while top > 0 { _ = pop() }
        return result
    }
}
