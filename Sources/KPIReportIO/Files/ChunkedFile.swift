#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read a chunk at a time into one buffer that is reused: reading a file of any size costs
/// one chunk of memory, and no page is allocated (and zeroed by the kernel) per chunk.
final class ChunkedFile {
    /// A failed system call, with the system's message.
    struct Failure: Error {
        let message: String
    }

    private let descriptor: Int32
    private let buffer: UnsafeMutableRawBufferPointer

    /// Opens `path` for reading.
    init(path: String, chunkSize: Int) throws(Failure) {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(message: String(cString: strerror(errno))) }
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
    }

    deinit {
        buffer.deallocate()
        close(descriptor)
    }

    /// Calls `body` with each chunk from the current position to the end, until it returns false.
    func forEachChunk(_ body: (UnsafeRawBufferPointer) -> Bool) throws(Failure) {
        guard let base = buffer.baseAddress else { return }
        while true {
            let n = read(descriptor, base, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(message: String(cString: strerror(errno)))
            }
            if n == 0 || !body(UnsafeRawBufferPointer(start: base, count: n)) { return }
        }
    }

    /// Goes back to the start.
    func rewind() throws(Failure) {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw Failure(message: String(cString: strerror(errno))) }
    }
}
