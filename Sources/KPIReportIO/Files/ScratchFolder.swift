/// A worker's own folder for the parts libxlsxwriter writes while it closes a workbook (each XML part
/// goes to a temporary file, then into the zip; the file is removed from the folder at once).
///
/// Each worker has its own folder, so two workers never wait on the same folder's lock to create and
/// remove those files. The folder is in memory (`/dev/shm`, Linux's shared-memory tmpfs) when it
/// has room to spare: a unit workbook's parts are a few hundred kilobytes at most, and creating thousands
/// of files a second on a disk file system costs the kernel more than writing them (on ext4 without a
/// journal, each new file's inode is found by reading past, one by one, every inode removed in the last
/// minute, or five while its block is not yet on disk). `TMPDIR`, when set, is used as
/// it is: the machine's owner chose it. Otherwise, without such a tmpfs, the system's `/tmp`.
public final class ScratchFolder: Sendable {
    /// Room `/dev/shm` must have left to be used: far more than the few workers' parts in flight, so that a
    /// small one (a container's 64 MB `/dev/shm`) is left alone.
    static let memoryRoomNeeded = 256 << 20

    public let path: String

    /// Creates a new folder in `root` (`root()`, worked out once for all the workers).
    public init(in root: String) throws(IOFailure) {
        path = try Syscalls.makeTemporaryFolder(prefix: root + "/kpi-report-")
    }

    /// Removes the folder (empty: libxlsxwriter removes each part's file as it creates it).
    public func remove() {
        _ = try? Syscalls.removeTree(path)
    }

    /// Where the folders go: `TMPDIR` when set; else `/dev/shm` when it has room; else `/tmp`.
    public static func root() -> String {
        if let chosen = Syscalls.environment("TMPDIR"), !chosen.isEmpty { return chosen }
        if let room = Syscalls.writableRoom("/dev/shm"), room >= memoryRoomNeeded { return "/dev/shm" }
        return "/tmp"
    }
}
