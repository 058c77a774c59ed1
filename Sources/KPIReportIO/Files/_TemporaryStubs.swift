// TEMPORARY: stand-ins until the files of Publisher/OutputLock/Digest/ICULineBreaker land. Delete then.
import Crypto
import Foundation
import KPIReportCore

public enum Digest {
    public static func sha256Hex(file path: String) throws(IOFailure) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw IOFailure(.output, "read", path: path, "cannot read") }
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
    public static func sha256Hex(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }
    public struct Stream {
        var h = SHA256()
        public init() {}
        public mutating func update(_ chunk: UnsafeRawBufferPointer) { h.update(bufferPointer: chunk) }
        public mutating func finalizeHex() -> String { h.finalize().map { String(format: "%02x", $0) }.joined() }
    }
}

public final class OutputLock {
    public enum Mode { case exclusive, shared }
    public init(outputs: String, mode: Mode, wait: Bool) throws(IOFailure) {}
    public func release() {}
}

public final class RoundStaging: @unchecked Sendable {
    public let finalPath: String
    public let path: String
    public init(outputs: String, year: Int, round: String, key: String) throws(IOFailure) {
        finalPath = "\(outputs)/\(year)/\(round)"
        path = "\(outputs)/\(year)/.\(round).staging-\(key)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    public func reserve(_ name: String) throws(IOFailure) -> String { path + "/" + name }
    public func write(_ name: String, _ bytes: [UInt8]) throws(IOFailure) {
        FileManager.default.createFile(atPath: path + "/" + name, contents: Data(bytes))
    }
    public func carryOver(_ names: [String]) throws(IOFailure) {
        for n in names { try? FileManager.default.copyItem(atPath: finalPath + "/" + n, toPath: path + "/" + n) }
    }
    public func publishedFile(_ name: String) -> [UInt8]? { FileManager.default.contents(atPath: finalPath + "/" + name).map { Array($0) } }
    public func files() throws(IOFailure) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
    public func sync() throws(IOFailure) {}
    public func discard() { try? FileManager.default.removeItem(atPath: path) }
}

public enum Publisher {
    public static func publish(_ stagings: [RoundStaging]) throws(IOFailure) {
        for s in stagings {
            try? FileManager.default.removeItem(atPath: s.finalPath)
            try? FileManager.default.moveItem(atPath: s.path, toPath: s.finalPath)
        }
    }
    public static func removeLeftovers(outputs: String, keep: Set<String>) throws(IOFailure) -> [String] { [] }
}

public struct ICULineBreaker: LineBreaker {
    public init() {}
    public func lineBreakOpportunities(in text: String) -> [Int] { SpaceLineBreaker().lineBreakOpportunities(in: text) }
}
