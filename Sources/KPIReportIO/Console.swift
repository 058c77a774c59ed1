import Dispatch
import KPIReportCore
#if canImport(Glibc)
import Glibc
#endif

/// The tool's channel to its user. libxlsxwriter prints its own `[ERROR]`/`[WARNING]` lines on
/// standard error; so that nothing reaches the user outside the tool's message format, standard error is
/// redirected into a pipe whose lines are relayed as `kpi-report: warning: the spreadsheet library
/// said: …`, and the tool's own messages go to the original standard error.
public enum Console {
    nonisolated(unsafe) private static var saved: Int32 = 2
    nonisolated(unsafe) private static var relaying = false
    nonisolated(unsafe) private static var relayDone = DispatchSemaphore(value: 0)
    private static let lock = Lock()

    /// True when standard error is a terminal (progress lines are shown only there).
    public static var errorIsTerminal: Bool { isatty(saved) == 1 }

    /// Starts relaying what C libraries print on standard error.
    public static func captureLibraryOutput() {
        lock.lock()
        defer { lock.unlock() }
        guard !relaying else { return }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        let copy = dup(2)
        guard copy >= 0, dup2(fds[1], 2) >= 0 else { return }
        close(fds[1])
        saved = copy
        let reader = fds[0]
        relaying = true
        // A thread of its own for as long as the run: it waits on the pipe.
        DispatchQueue(label: "kpi-report.library-output").async {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(reader, $0.baseAddress, 4096) }
                if n <= 0 { break }
                pending.append(contentsOf: buffer[0..<n])
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    forward(line)
                }
            }
            if !pending.isEmpty { forward(String(decoding: pending, as: UTF8.self)) }
            close(reader)
            relayDone.signal()
        }
    }

    private static func forward(_ line: String) {
        let trimmed = line.trimmingASCIIAndThaiSpaces()
        guard !trimmed.isEmpty else { return }
        error("kpi-report: warning: the spreadsheet library said: " + trimmed)
    }

    /// Stops relaying; everything printed so far is written out first.
    public static func finish() {
        lock.lock()
        let running = relaying
        lock.unlock()
        guard running else { return }
        // Closing every descriptor of the pipe's write end ends the relay thread.
        dup2(saved, 2)
        relayDone.wait()
        lock.lock()
        relaying = false
        lock.unlock()
    }

    /// Writes a line to standard error (the original one).
    public static func error(_ line: String) {
        write(saved, line + "\n")
    }

    /// Rewrites the progress line on a terminal (no newline).
    public static func progress(_ line: String) {
        write(saved, "\r\u{1B}[K" + line)
    }

    /// Writes a line to standard output.
    public static func out(_ line: String) {
        write(1, line + "\n")
    }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if errno == EINTR { continue }; return }
            offset += n
        }
        _ = bytes.count
        bytes.removeAll()
    }
}
