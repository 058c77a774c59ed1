import CSHA256
import SystemPackage

/// SHA-256 (OpenSSL's libcrypto) as the lowercase hex text manifest.json carries.
public enum Digest {
    /// Bytes read per call: big enough that the system calls cost nothing next to the hashing,
    /// small enough that a 60 MB workbook is hashed in constant memory.
    static let chunkSize = 1 << 16

    /// The SHA-256 of a file's bytes, read in chunks. A failure is `.output`: the files hashed by path
    /// are the ones a run wrote (input files are hashed with `Stream` while they are read).
    public static func sha256Hex(file path: String) throws(IOFailure) -> String {
        try sha256AndSize(file: path).sha256
    }

    /// The SHA-256 and the size of a file a run has just written, in one pass.
    public static func sha256AndSize(file path: String) throws(IOFailure) -> (sha256: String, bytes: Int) {
        let descriptor = try Syscalls.open(path, .readOnly, operation: "open for SHA-256")
        defer { Syscalls.closeQuietly(descriptor) }
        let stream = Stream()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var size = 0
        while true {
            let count = try Syscalls.read(descriptor, into: buffer, path: path)
            if count == 0 { break }
            size += count
            stream.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        return (stream.finalizeHex(), size)
    }

    /// The SHA-256 of bytes in memory.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        let stream = Stream()
        bytes.withUnsafeBytes { stream.update($0) }
        return stream.finalizeHex()
    }

    /// A SHA-256 computed piece by piece, for hashing input files while they are read (one pass over
    /// the bytes, and the hash is of exactly the bytes that were parsed).
    /// The one owner of an OpenSSL hash context.
    public final class Stream {
        private let handle: OpaquePointer

        /// An empty hash.
        public init() {
            // Out of memory for a hundred bytes: nothing sensible is left to do.
            guard let handle = kpi_sha256_new() else { fatalError("SHA-256: libcrypto could not start a hash") }
            self.handle = handle
        }

        deinit { kpi_sha256_free(handle) }

        /// Adds the next bytes.
        public func update(_ chunk: UnsafeRawBufferPointer) {
            guard let base = chunk.baseAddress, kpi_sha256_update(handle, base, chunk.count) == 1 else {
                precondition(chunk.isEmpty, "SHA-256: libcrypto refused the bytes")
                return
            }
        }

        /// The hash of everything added, as 64 lowercase hex digits.
        public func finalizeHex() -> String {
            Digest.hex(finalize())
        }

        /// The hash of everything added (the hash takes no more bytes after it).
        public func finalize() -> Value {
            var value = Value()
            let ok = withUnsafeMutableBytes(of: &value.bytes) { out in
                kpi_sha256_final(handle, out.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
            precondition(ok == 1, "SHA-256: libcrypto could not finish the hash")
            return value
        }
    }

    /// A SHA-256 held in place (no allocation).
    public struct Value: Sendable {
        var bytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    }

    /// Lowercase hex of a value.
    static func hex(_ value: Value) -> String {
        withUnsafeBytes(of: value.bytes) { hex($0) }
    }

    /// Lowercase hex, two digits per byte.
    static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
