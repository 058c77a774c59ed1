// Every system call the files code makes, in one place to audit (the habit of swift-system's own
// Internals/Syscalls.swift). swift-system is used where it covers the call (open, read, pread,
// write, pwrite, close, ftruncate, stat/lstat, errno and its strerror text); raw Glibc for the rest.
// Each failure becomes an IOFailure at the moment it happens, carrying strerror's text; the outcomes
// a caller has to act on (a missing file, a lock held by someone else, an exchange the file system
// cannot do) are return values instead, so no caller ever reads errno.

// Linux only, like the product: renameat2 and RENAME_EXCHANGE are Linux's.
import Glibc
import SystemPackage

/// Thin, typed wrappers over the system calls of `Files/`.
enum Syscalls {
    // MARK: Failures

    /// The failure for a system call that set errno `error`.
    /// Always `.output`: the files code reads only what it wrote or is about to replace.
    static func failure(_ operation: String, _ path: String, _ error: Errno) -> IOFailure {
        IOFailure(.output, operation, path: path, error.description)
    }

    /// Errno of a swift-system call; anything else (which swift-system never throws) as EIO, so the
    /// caller still gets a typed failure rather than an untyped error.
    private static func errno(of error: any Error) -> Errno {
        (error as? Errno) ?? .ioError
    }

    /// The errno the last raw call left.
    private static var lastErrno: Errno { Errno(rawValue: Glibc.errno) }

    // MARK: Files (swift-system)

    /// open(2). `O_CLOEXEC` always: a PDF converter started by the run must not inherit the lock or
    /// staging descriptors (an inherited lock descriptor would keep the outputs locked after we exit).
    static func open(_ path: String, _ access: FileDescriptor.AccessMode, _ options: FileDescriptor.OpenOptions = [],
                     permissions: FilePermissions? = nil, operation: String) throws(IOFailure) -> FileDescriptor {
        do {
            return try FileDescriptor.open(FilePath(path), access, options: options.union(.closeOnExec),
                                           permissions: permissions)
        } catch {
            throw failure(operation, path, errno(of: error))
        }
    }

    /// open(2) of a folder, for fsync and for reading its entries.
    static func openFolder(_ path: String, operation: String) throws(IOFailure) -> FileDescriptor {
        try open(path, .readOnly, [.directory], operation: operation)
    }

    /// close(2). A close that fails after writes means the data may not have reached the file.
    static func close(_ descriptor: FileDescriptor, path: String) throws(IOFailure) {
        do { try descriptor.close() } catch { throw failure("close", path, errno(of: error)) }
    }

    /// close(2) when the descriptor was only read, or when another failure is already being reported.
    static func closeQuietly(_ descriptor: FileDescriptor) {
        _ = try? descriptor.close()
    }

    /// write(2) until every byte is written.
    static func writeAll<Bytes: Sequence<UInt8>>(_ descriptor: FileDescriptor, _ bytes: Bytes, path: String) throws(IOFailure) {
        do { _ = try descriptor.writeAll(bytes) } catch { throw failure("write", path, errno(of: error)) }
    }

    /// pwrite(2) of all the bytes at `offset`.
    static func writeAll(_ descriptor: FileDescriptor, _ bytes: [UInt8], at offset: Int64, path: String) throws(IOFailure) {
        do {
            _ = try bytes.withUnsafeBytes { try descriptor.writeAll(toAbsoluteOffset: offset, $0) }
        } catch {
            throw failure("write", path, errno(of: error))
        }
    }

    /// read(2); 0 at the end of the file.
    static func read(_ descriptor: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer, path: String) throws(IOFailure) -> Int {
        do { return try descriptor.read(into: buffer) } catch { throw failure("read", path, errno(of: error)) }
    }

    /// pread(2) from `offset`; 0 at the end of the file.
    static func read(_ descriptor: FileDescriptor, at offset: Int64, into buffer: UnsafeMutableRawBufferPointer,
                     path: String) throws(IOFailure) -> Int {
        do { return try descriptor.read(fromAbsoluteOffset: offset, into: buffer) } catch { throw failure("read", path, errno(of: error)) }
    }

    /// posix_fadvise(2) `POSIX_FADV_WILLNEED`: asks the kernel to start reading the first `length`
    /// bytes into its page cache, without waiting for them, so that a read later finds them there.
    /// Advice only: a failure changes nothing (the read still comes, and reports).
    static func adviseWillNeed(_ descriptor: FileDescriptor, length: Int64) {
        _ = Glibc.posix_fadvise(descriptor.rawValue, 0, off_t(length), POSIX_FADV_WILLNEED)
    }

    /// ftruncate(2).
    static func resize(_ descriptor: FileDescriptor, to size: Int64, path: String) throws(IOFailure) {
        do { try descriptor.resize(to: size) } catch { throw failure("truncate", path, errno(of: error)) }
    }

    /// lstat(2) (or stat(2) with `followSymlinks`); nil when nothing is at the path (ENOENT, or
    /// ENOTDIR: a file where a folder of the path should be, which the caller reports by name).
    static func status(_ path: String, followSymlinks: Bool = false) throws(IOFailure) -> Stat? {
        do {
            return try Stat(FilePath(path), followTargetSymlink: followSymlinks)
        } catch {
            if error == .noSuchFileOrDirectory || error == .notDirectory { return nil }
            throw failure("stat", path, error)
        }
    }

    // MARK: Durability (raw Glibc)

    /// fsync(2): data and metadata. Used for folders, whose entries are their data.
    static func fsync(_ descriptor: FileDescriptor, path: String) throws(IOFailure) {
        while Glibc.fsync(descriptor.rawValue) != 0 {
            let error = lastErrno
            if error != .interrupted { throw failure("fsync", path, error) }
        }
    }

    /// syncfs(2): everything written to the file system that holds `descriptor`'s file, data and
    /// metadata (folder entries too), on the disk when it returns. Since Linux 5.8 it reports a write
    /// that failed on that file system while the descriptor was open.
    static func syncFileSystem(_ descriptor: FileDescriptor, path: String) throws(IOFailure) {
        guard let syncfs = RunTimeSymbol.syncfs else {
            Glibc.sync() // a C library without syncfs: every file system, which includes this one
            return
        }
        while syncfs(descriptor.rawValue) != 0 {
            let error = lastErrno
            if error != .interrupted { throw failure("syncfs", path, error) }
        }
    }

    // MARK: Names (raw Glibc)

    /// What mkdir(2) found.
    enum MakeFolderOutcome { case created, exists }

    /// mkdir(2); `.exists` when something (of any type: the caller checks) is already there.
    static func makeFolder(_ path: String) throws(IOFailure) -> MakeFolderOutcome {
        if Glibc.mkdir(path, 0o755) == 0 { return .created }
        let error = lastErrno
        if error == .fileExists { return .exists }
        throw failure("create folder", path, error)
    }

    /// rename(2): replaces `to` when it is a file or an empty folder, atomically.
    static func rename(_ from: String, to: String) throws(IOFailure) {
        if Glibc.rename(from, to) != 0 { throw failure("move \(from) to", to, lastErrno) }
    }

    /// What renameat2(RENAME_EXCHANGE) did.
    enum ExchangeOutcome: Equatable {
        /// The two names now point at each other's folder.
        case exchanged
        /// The kernel or the file system cannot exchange (EINVAL, ENOSYS, EOPNOTSUPP): nothing changed.
        case unsupported(Errno)
    }

    /// renameat2(2) with RENAME_EXCHANGE: swaps two existing names in one step, so the final name is
    /// never absent. glibc has had the wrapper since 2.28 but declares it only under _GNU_SOURCE, which
    /// Swift's Glibc module does not define, so it is looked up at run time; without it, the raw
    /// syscall(2) (looked up the same way, since Swift cannot call a C variadic function).
    /// `viaSyscall` takes the raw-syscall path even where glibc has the wrapper, for its test.
    static func exchange(_ first: String, _ second: String, viaSyscall: Bool = false) throws(IOFailure) -> ExchangeOutcome {
        let result: Int32
        if !viaSyscall, let renameat2 = RenameAt2.wrapper {
            result = renameat2(AT_FDCWD, first, AT_FDCWD, second, RenameAt2.exchange)
        } else if let syscall = RenameAt2.syscall, let number = RenameAt2.number {
            result = Int32(truncatingIfNeeded: syscall(number, Int(AT_FDCWD), first, Int(AT_FDCWD), second, Int(RenameAt2.exchange)))
        } else {
            return .unsupported(.noFunction)
        }
        if result == 0 { return .exchanged }
        let error = lastErrno
        if error == .invalidArgument || error == .noFunction || error == .notSupported || error == .notSupportedOnSocket {
            return .unsupported(error)
        }
        throw failure("exchange \(first) with", second, error)
    }

    /// unlink(2); false when nothing was there.
    @discardableResult
    static func unlink(_ path: String) throws(IOFailure) -> Bool {
        if Glibc.unlink(path) == 0 { return true }
        let error = lastErrno
        if error == .noSuchFileOrDirectory { return false }
        throw failure("remove", path, error)
    }

    /// What link(2) did.
    enum LinkOutcome: Equatable {
        /// `to` is a second name of `from`'s file.
        case linked
        /// The file system cannot link these (EXDEV, EPERM, EMLINK, EOPNOTSUPP, ENOSYS): copy instead.
        case unsupported(Errno)
    }

    /// link(2).
    static func link(_ from: String, to: String) throws(IOFailure) -> LinkOutcome {
        if Glibc.link(from, to) == 0 { return .linked }
        let error = lastErrno
        switch error {
        case .improperLink, .notPermitted, .tooManyLinks, .notSupported, .notSupportedOnSocket, .noFunction:
            return .unsupported(error)
        default:
            throw failure("link \(from) to", to, error)
        }
    }

    /// Removes a file, or a folder and everything in it, without following symbolic links (a link
    /// someone put into a staging folder is removed, never what it points to): opendir/readdir to
    /// list, unlinkat(2) for entries, unlinkat(AT_REMOVEDIR) for folders once empty. Nothing there is
    /// not a failure.
    static func removeTree(_ path: String) throws(IOFailure) {
        guard let status = try status(path) else { return }
        if status.type != .directory {
            try unlink(path)
            return
        }
        let folder = try openFolder(path, operation: "open folder")
        defer { closeQuietly(folder) }
        // Names are listed first and removed after: POSIX leaves open what readdir returns for a folder
        // that changes while it is read.
        for name in try entries(path) {
            let child = path + "/" + name
            guard let childStatus = try self.status(child) else { continue }
            if childStatus.type == .directory {
                try removeTree(child)
            } else if Glibc.unlinkat(folder.rawValue, name, 0) != 0 {
                let error = lastErrno
                if error != .noSuchFileOrDirectory { throw failure("remove", child, error) }
            }
        }
        if Glibc.rmdir(path) != 0 {
            let error = lastErrno
            if error != .noSuchFileOrDirectory { throw failure("remove folder", path, error) }
        }
    }

    /// The names in a folder (opendir(3)/readdir(3)), without "." and "..", in the order the file
    /// system gives them.
    static func entries(_ path: String) throws(IOFailure) -> [String] {
        guard let stream = Glibc.opendir(path) else { throw failure("read folder", path, lastErrno) }
        defer { Glibc.closedir(stream) }
        var names: [String] = []
        while true {
            // readdir returns nil both at the end and on an error; only errno tells them apart.
            Glibc.errno = 0
            guard let entry = Glibc.readdir(stream) else {
                let error = lastErrno
                if error.rawValue != 0 { throw failure("read folder", path, error) }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }

    // MARK: Locks and processes (raw Glibc)

    /// flock(2). Returns false when `wait` is false and another open file description holds a
    /// conflicting lock.
    static func lock(_ descriptor: FileDescriptor, exclusive: Bool, wait: Bool, path: String) throws(IOFailure) -> Bool {
        let operation = (exclusive ? LOCK_EX : LOCK_SH) | (wait ? 0 : LOCK_NB)
        while flock(descriptor.rawValue, operation) != 0 {
            let error = lastErrno
            if error == .wouldBlock || error == .resourceTemporarilyUnavailable { return false }
            // A signal while waiting for the lock: keep waiting.
            if error != .interrupted { throw failure("lock", path, error) }
        }
        return true
    }

    /// flock(LOCK_UN). Closing the descriptor would release it too; unlocking first makes the moment
    /// explicit.
    static func unlock(_ descriptor: FileDescriptor) {
        _ = flock(descriptor.rawValue, LOCK_UN)
    }

    /// getpid(2).
    static var processID: Int32 { Glibc.getpid() }

    /// kill(pid, 0): whether a process with this id exists (EPERM: it exists, but is someone else's).
    static func processExists(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return Glibc.kill(pid, 0) == 0 || lastErrno == .notPermitted
    }

    /// mkdtemp(3): a new folder, readable by its owner only, named `prefix` and six random characters.
    static func makeTemporaryFolder(prefix: String) throws(IOFailure) -> String {
        var template = Array((prefix + "XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { Glibc.mkdtemp($0.baseAddress!) != nil }
        guard made else { throw failure("create folder", prefix + "XXXXXX", lastErrno) }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// fstatvfs(3) of a folder the process may write into: the bytes an unprivileged writer may still
    /// put there; nil when it is not such a folder.
    static func writableRoom(_ path: String) -> Int? {
        // fstatvfs: Swift sees the name statvfs as the struct's only.
        let folder = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return nil }
        defer { Glibc.close(folder) }
        var info = Glibc.statvfs()
        guard Glibc.fstatvfs(folder, &info) == 0, Glibc.access(path, W_OK | X_OK) == 0 else { return nil }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// getenv(3).
    static func environment(_ name: String) -> String? {
        Glibc.getenv(name).map { String(cString: $0) }
    }
}

/// renameat2(2), found at run time (see `Syscalls.exchange`).
private enum RenameAt2 {
    typealias Wrapper = @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32
    // syscall(2) called through a fixed prototype: on x86-64 and AArch64 Linux integer and pointer
    // arguments travel in the same registers whether a callee is variadic or not, and glibc's
    // syscall is an assembly stub that only moves them into place.
    typealias Syscall = @convention(c) (Int, Int, UnsafePointer<CChar>?, Int, UnsafePointer<CChar>?, Int) -> Int

    /// RENAME_EXCHANGE from <linux/fs.h>; not visible to Swift without _GNU_SOURCE.
    static let exchange: UInt32 = 1 << 1

    /// __NR_renameat2 of this architecture.
    static let number: Int? = {
        #if arch(x86_64)
        return 316
        #elseif arch(arm64)
        return 276
        #else
        return nil
        #endif
    }()

    static let wrapper: Wrapper? = RunTimeSymbol.find("renameat2").map { unsafeBitCast($0, to: Wrapper.self) }
    static let syscall: Syscall? = RunTimeSymbol.find("syscall").map { unsafeBitCast($0, to: Syscall.self) }
}

/// Functions of the C library that Swift's Glibc module does not show (declared only with
/// _GNU_SOURCE), found at run time.
private enum RunTimeSymbol {
    static func find(_ name: String) -> UnsafeMutableRawPointer? {
        // dlopen(NULL) is the running program and every library it loaded, libc among them.
        guard let program = dlopen(nil, RTLD_NOW) else { return nil }
        return dlsym(program, name)
    }

    typealias SyncFS = @convention(c) (Int32) -> Int32

    /// syncfs(2), in glibc since 2.14.
    static let syncfs: SyncFS? = find("syncfs").map { unsafeBitCast($0, to: SyncFS.self) }
}
