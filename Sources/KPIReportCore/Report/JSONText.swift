/// JSON text of any `Encodable`, written straight into one byte buffer: object keys sorted (so the same
/// value gives the same bytes), two-space indents, no escaped slashes. Foundation's JSONEncoder builds a
/// tree of boxed values first, which for a ministry's manifest (tens of thousands of units) costs more
/// memory than the rest of the run; this keeps only the text, and each object's members as byte ranges
/// of it until the object is complete and its members are put in key order.
public enum JSONText {
    /// The text, ending with a line feed.
    public static func encode<T: Encodable>(_ value: T, expectedBytes: Int = 0) throws -> [UInt8] {
        let writer = Writer()
        writer.out.reserveCapacity(expectedBytes)
        try writer.value(value, depth: 0)
        writer.out.append(0x0A)
        return writer.out
    }

    /// Writes the text piece by piece to `sink` (about a megabyte at a time), never holding it whole.
    /// The value's own keys must come in order (a type that declares its properties sorted), and so must
    /// those of every object inside it that is `KeysInOrder`: their text goes to the sink as it is made.
    /// Other objects inside it are held until they close and sorted as usual.
    public static func write<T: Encodable>(_ value: T, to sink: ([UInt8]) throws -> Void) throws {
        try withoutActuallyEscaping(sink) { sink in
            let writer = Writer()
            writer.sink = sink
            try writer.value(value, depth: 0)
            writer.out.append(0x0A)
            try sink(writer.out)
        }
    }

    /// A type whose encoding lists its keys in order (its properties are declared sorted): streamed,
    /// its text is never held back to be reordered, however long it is.
    public protocol KeysInOrder {}

    /// A value the encoder cannot write as JSON.
    public struct Unrepresentable: Error, CustomStringConvertible {
        public let description: String
    }

    final class Writer {
        @exclusivity(unchecked) var out: [UInt8] = []
        /// Where the text goes as it is made (streaming); nil = kept whole in `out`.
        var sink: (([UInt8]) throws -> Void)?
        /// Objects below the top level not yet closed: their members may still have to be reordered, so
        /// nothing may be handed to the sink while one is open.
        var openObjects = 0

        /// Hands what is written so far to the sink, when streaming and nothing can move any more.
        func flushIfLarge() throws {
            guard let sink, openObjects == 0, out.count >= 1 << 20 else { return }
            try sink(out)
            out.removeAll(keepingCapacity: true)
        }

        /// Writes one value (whatever container its `encode(to:)` asks for) at `depth`.
        func value<T: Encodable>(_ value: T, depth: Int) throws {
            let encoder = ValueEncoder(writer: self, depth: depth, keysInOrder: value is KeysInOrder)
            try value.encode(to: encoder)
            try encoder.finish()
        }

        func indent(_ depth: Int) {
            out.append(0x0A)
            for _ in 0..<(2 * depth) { out.append(0x20) }
        }

        func string(_ s: String) {
            out.append(0x22)
            for b in s.utf8 {
                switch b {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: out.append(contentsOf: [0x5C, 0x72])
                case 0x09: out.append(contentsOf: [0x5C, 0x74])
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                default: out.append(b)
                }
            }
            out.append(0x22)
        }

        func number(_ x: Double) throws {
            guard x.isFinite else { throw Unrepresentable(description: "\(x) is not a JSON number") }
            if x == x.rounded(), abs(x) < 1e15 {
                out.append(contentsOf: String(Int64(x)).utf8)
            } else {
                out.append(contentsOf: "\(x)".utf8)
            }
        }
    }

    /// The encoder handed to one value: it writes a scalar, or opens one object or array.
    final class ValueEncoder: Encoder, SingleValueEncodingContainer {
        let writer: Writer
        let depth: Int
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        /// The object being written: where it starts and its members' key and byte range.
        var object: (start: Int, members: [(key: String, range: Range<Int>)])?
        var arrayCount: Int?
        /// Streaming, an object whose members may have to be reordered holds the text back until it
        /// closes; the top level and `KeysInOrder` types never do.
        let holdsText: Bool

        init(writer: Writer, depth: Int, keysInOrder: Bool) {
            self.writer = writer
            self.depth = depth
            holdsText = writer.sink == nil || !(depth == 0 || keysInOrder)
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if object == nil {
                writer.out.append(0x7B)
                object = (writer.out.count, [])
                if holdsText { writer.openObjects += 1 }
            }
            return KeyedEncodingContainer(Keyed<Key>(encoder: self))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if arrayCount == nil {
                arrayCount = 0
                writer.out.append(0x5B)
            }
            return Unkeyed(encoder: self)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { self }

        /// One member of the object: its text is written now (after a comma when it is not the first),
        /// and moved into key order at the end if it came out of order.
        func member<T: Encodable>(_ key: String, _ value: T) throws {
            if let count = object?.members.count, count > 0 { writer.out.append(0x2C) }
            let start = writer.out.count
            writer.indent(depth + 1)
            writer.string(key)
            writer.out.append(contentsOf: [0x3A, 0x20])
            try writer.value(value, depth: depth + 1)
            // Streaming, an object that does not hold its text may already have sent it to the sink (it is
            // never moved).
            let end = writer.out.count
            object?.members.append((key, min(start, end)..<end))
            if !holdsText { try writer.flushIfLarge() }
        }

        func element<T: Encodable>(_ value: T) throws {
            if arrayCount ?? 0 > 0 { writer.out.append(0x2C) }
            arrayCount = (arrayCount ?? 0) + 1
            writer.indent(depth + 1)
            try writer.value(value, depth: depth + 1)
            try writer.flushIfLarge()
        }

        /// Closes the object (members in key order: types that declare their properties in that order,
        /// such as the manifest's, need no moving) or the array.
        func finish() throws {
            if let (start, members) = object {
                let inOrder = zip(members, members.dropFirst()).allSatisfy { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                if holdsText { writer.openObjects -= 1 }
                if !inOrder && !holdsText {
                    throw Unrepresentable(description: "the keys of a value streamed by JSONText.write must come in order (\(members.map(\.key)))")
                }
                if !inOrder {
                    let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                    let texts = sorted.map { Array(writer.out[$0.range]) }
                    writer.out.removeSubrange(start...)
                    for (i, text) in texts.enumerated() {
                        if i > 0 { writer.out.append(0x2C) }
                        writer.out.append(contentsOf: text)
                    }
                }
                if !members.isEmpty { writer.indent(depth) }
                writer.out.append(0x7D)
            } else if let count = arrayCount {
                if count > 0 { writer.indent(depth) }
                writer.out.append(0x5D)
            }
        }

        // Scalars.
        func encodeNil() throws { writer.out.append(contentsOf: Array("null".utf8)) }
        func encode(_ value: Bool) throws { writer.out.append(contentsOf: Array((value ? "true" : "false").utf8)) }
        func encode(_ value: String) throws { writer.string(value) }
        func encode(_ value: Double) throws { try writer.number(value) }
        func encode(_ value: Float) throws { try writer.number(Double(value)) }
        func encode(_ value: Int) throws { writer.out.append(contentsOf: String(value).utf8) }
        func encode(_ value: Int8) throws { try encode(Int(value)) }
        func encode(_ value: Int16) throws { try encode(Int(value)) }
        func encode(_ value: Int32) throws { try encode(Int(value)) }
        func encode(_ value: Int64) throws { try encode(Int(value)) }
        func encode(_ value: UInt) throws { writer.out.append(contentsOf: String(value).utf8) }
        func encode(_ value: UInt8) throws { try encode(UInt(value)) }
        func encode(_ value: UInt16) throws { try encode(UInt(value)) }
        func encode(_ value: UInt32) throws { try encode(UInt(value)) }
        func encode(_ value: UInt64) throws { try encode(UInt(value)) }
        func encode<T: Encodable>(_ value: T) throws { try value.encode(to: self) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: ValueEncoder
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { try encoder.member(key.stringValue, Null()) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encoder.member(key.stringValue, value) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            preconditionFailure("JSONText writes values through encode(_:forKey:)")
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            preconditionFailure("JSONText writes values through encode(_:forKey:)")
        }
        mutating func superEncoder() -> any Encoder { preconditionFailure("JSONText writes values through encode(_:forKey:)") }
        mutating func superEncoder(forKey key: Key) -> any Encoder { preconditionFailure("JSONText writes values through encode(_:forKey:)") }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let encoder: ValueEncoder
        var codingPath: [any CodingKey] { [] }
        var count: Int { encoder.arrayCount ?? 0 }

        mutating func encodeNil() throws { try encoder.element(Null()) }
        mutating func encode<T: Encodable>(_ value: T) throws { try encoder.element(value) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            preconditionFailure("JSONText writes values through encode(_:)")
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { preconditionFailure("JSONText writes values through encode(_:)") }
        mutating func superEncoder() -> any Encoder { preconditionFailure("JSONText writes values through encode(_:)") }
    }

    struct Null: Encodable {
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        }
    }
}
