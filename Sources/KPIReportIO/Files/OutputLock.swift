import Synchronization
import SystemPackage

/// Lock on `<outputs>/.kpi-report.lock` (created if missing, never deleted: deleting a lock file lets
/// a waiting run lock a file no one else can see any more). An exclusive lock is held by a whole run
/// or a `--merge` step; a shared lock by each shard of a sharded run (shards write into one staging
/// folder side by side, and the exclusive merge waits for all of them). With `wait: false` a lock
/// held by another run throws `IOFailure` of kind `.busy` at once, naming the lock file and, when an
/// exclusive holder is alive, its pid; with `wait: true` the run blocks until the lock is free.
///
/// flock(2) belongs to an open file description, so two `OutputLock`s conflict even within one
/// process, and a run that is killed releases its lock with its descriptors. The lock is released by
/// `release()` or when the object goes away.
public final class OutputLock: Sendable {
    /// Who may hold the lock alongside whom.
    public enum Mode: Sendable, Equatable {
        /// A whole run, or the merge step of a sharded run: no one else.
        case exclusive
        /// One shard of a sharded run: other shards, never an exclusive holder.
        case shared
    }

    /// The lock file's name in the outputs folder.
    public static let fileName = ".kpi-report.lock"

    /// The lock file.
    public let path: String
    /// How the lock is held.
    public let mode: Mode
    private let descriptor: Mutex<FileDescriptor?>

    /// Takes the lock on `outputs` (created if missing), waiting for it when `wait` is true.
    public init(outputs: String, mode: Mode, wait: Bool) throws(IOFailure) {
        try Folders.make(outputs)
        let path = outputs + "/" + Self.fileName
        let descriptor = try Syscalls.open(path, .readWrite, [.create], permissions: [.ownerReadWrite, .groupRead, .otherRead],
                                           operation: "open the lock file")
        let locked: Bool
        do {
            locked = try Syscalls.lock(descriptor, exclusive: mode == .exclusive, wait: wait, path: path)
        } catch {
            Syscalls.closeQuietly(descriptor)
            throw error
        }
        guard locked else {
            let holder = Self.holder(descriptor, path: path)
            Syscalls.closeQuietly(descriptor)
            let who = holder.map { "another kpi-report run (pid \($0))" } ?? "another kpi-report run"
            throw IOFailure(.busy, "lock", path: path,
                            "\(who) is writing these outputs; try again when it has finished, or wait for it with --wait")
        }
        if mode == .exclusive {
            // Only the exclusive holder writes its pid: shared holders would overwrite one another.
            // Best effort: the pid only improves the message another run prints.
            let text = Array("\(Syscalls.processID)\n".utf8)
            try? Syscalls.resize(descriptor, to: 0, path: path)
            try? Syscalls.writeAll(descriptor, text, at: 0, path: path)
        }
        self.path = path
        self.mode = mode
        self.descriptor = Mutex(descriptor)
    }

    /// Releases the lock; calling it again does nothing.
    public func release() {
        let held = descriptor.withLock { held -> FileDescriptor? in
            defer { held = nil }
            return held
        }
        guard let held else { return }
        if mode == .exclusive {
            // Clear the pid so a later shard that cannot get in does not blame a run that is gone.
            try? Syscalls.resize(held, to: 0, path: path)
        }
        Syscalls.unlock(held)
        Syscalls.closeQuietly(held)
    }

    deinit { release() }

    /// The pid written by an exclusive holder, if that process is still alive (a killed holder's pid
    /// stays in the file, and the lock may now be held by shards that write no pid).
    private static func holder(_ descriptor: FileDescriptor, path: String) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = (try? bytes.withUnsafeMutableBytes { buffer throws(IOFailure) in
            try Syscalls.read(descriptor, at: 0, into: buffer, path: path)
        }) ?? 0
        let text = String(decoding: bytes.prefix(count), as: UTF8.self).split(separator: "\n").first ?? ""
        guard let pid = Int32(text), Syscalls.processExists(pid) else { return nil }
        return pid
    }
}
