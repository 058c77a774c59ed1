import Foundation
import Testing
@testable import KPIReportCore

@Suite struct JSONTextTests {
    struct Sample: Codable, Equatable {
        var zeta: Int
        var alpha: String
        var nested: [String: Double]
        var list: [[Int]]
        var empty: [String]
        var maybe: Double?
        var absent: Double?
        var flag: Bool
    }

    @Test("keys sorted at every level, optionals left out when nil, and JSONDecoder reads back the same value")
    func roundTrip() throws {
        let value = Sample(zeta: -3, alpha: "ก\"ข\\ค\n/\t\u{1}", nested: ["b": 0.1, "a": 4.55, "ค": 1e-5, "c": 1e16],
                           list: [[1, 2], [], [3]], empty: [], maybe: 93.6, absent: nil, flag: true)
        let bytes = try JSONText.encode(value)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(try JSONDecoder().decode(Sample.self, from: Data(bytes)) == value)
        #expect(text.hasSuffix("}\n"))
        #expect(!text.contains("absent"))
        let keys = ["\"alpha\"", "\"empty\"", "\"flag\"", "\"list\"", "\"maybe\"", "\"nested\"", "\"zeta\""]
        let positions = keys.map { text.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
        let inner = ["\"a\"", "\"b\"", "\"c\"", "\"ค\""].map { text.range(of: $0)!.lowerBound }
        #expect(inner == inner.sorted())
        #expect(text.contains("\"empty\": []") && text.contains("\"zeta\": -3") && text.contains("\"a\": 4.55"))
        #expect(text.contains("\\u0001") && text.contains("ก\\\"ข\\\\ค\\n/\\t"))
    }

    @Test("the same value gives the same bytes; infinity is refused")
    func deterministic() throws {
        let m = ["x": [1.5, 2], "y": [3]]
        #expect(try JSONText.encode(m) == JSONText.encode(m))
        #expect(throws: JSONText.Unrepresentable.self) { try JSONText.encode([Double.infinity]) }
    }

    struct Big: Codable {
        var alpha: [Sample]
        var beta: String
        var gamma: [Sample]
    }

    @Test("streamed a megabyte at a time, the text is the same bytes; a streamed value whose own keys are out of order is refused")
    func streaming() throws {
        let one = Sample(zeta: 1, alpha: String(repeating: "ภาคผนวก ", count: 20), nested: ["z": 1, "a": 2], list: [[1]], empty: [],
                         maybe: nil, absent: nil, flag: false)
        let big = Big(alpha: Array(repeating: one, count: 6_000), beta: "middle", gamma: Array(repeating: one, count: 6_000))
        var pieces: [[UInt8]] = []
        try JSONText.write(big, to: { pieces.append($0) })
        #expect(pieces.count > 2)
        #expect(pieces.flatMap { $0 } == (try JSONText.encode(big)))
        #expect(throws: JSONText.Unrepresentable.self) { try JSONText.write(one, to: { _ in }) }
    }

    struct Run: Codable, JSONText.KeysInOrder {
        var id: Int
        var inputs: [Sample]
        var version: String
    }

    struct Folder: Codable, JSONText.KeysInOrder {
        var alpha: String
        var runs: [Run]
        var zeta: Int
    }

    struct Unordered: Codable, JSONText.KeysInOrder {
        var zeta: Int
        var alpha: Int
    }

    struct Holder: Codable, JSONText.KeysInOrder {
        var inner: Unordered
    }

    @Test("an object inside a streamed value that declares its keys in order is streamed too (a run's tens of thousands of inputs are never held whole); one that declares it wrongly is refused")
    func streamingInOrderObjects() throws {
        let one = Sample(zeta: 1, alpha: String(repeating: "ภาคผนวก ", count: 20), nested: ["z": 1, "a": 2], list: [[1]], empty: [],
                         maybe: nil, absent: nil, flag: false)
        let folder = Folder(alpha: "a", runs: [Run(id: 1, inputs: Array(repeating: one, count: 12_000), version: "0.2.0")], zeta: 2)
        var pieces: [[UInt8]] = []
        try JSONText.write(folder, to: { pieces.append($0) })
        #expect(pieces.flatMap { $0 } == (try JSONText.encode(folder)))
        // Six megabytes of inputs inside one object, handed on about a megabyte at a time.
        #expect(pieces.count > 4)
        #expect(pieces.map(\.count).max() ?? 0 < 3 << 20)
        #expect(throws: JSONText.Unrepresentable.self) { try JSONText.write(Holder(inner: Unordered(zeta: 1, alpha: 2)), to: { _ in }) }
        // Not streamed, the same value is simply sorted.
        #expect(String(decoding: try JSONText.encode(Holder(inner: Unordered(zeta: 1, alpha: 2))), as: UTF8.self).contains("\"alpha\": 2,"))
    }
}
