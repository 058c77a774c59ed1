import Synchronization
import SystemPackage

// A round folder is published as one transaction. The run writes the whole set (workbooks, PDFs,
// manifest) into a staging folder beside the final one, fsyncs it, and moves it into place in one
// step, so that at every instant manifest.json describes exactly the files beside it:
//
//   <outputs>/.kpi-report.lock             OutputLock: one run (or the shards of one run) at a time
//   <outputs>/<year>/<round>/              the published set
//   <outputs>/<year>/.<round>.staging-<key>  the set being written
//   <outputs>/<year>/.<round>.old-<key>      the previous set, only while the fallback swap runs
//
// A run that fails before the swap discards its staging folder; a run that is killed leaves at most
// a staging (or .old) folder, which the next run removes (or, for an .old folder whose round folder
// is missing, puts back) with `Publisher.removeLeftovers` while it holds the exclusive lock.

/// The staging folder of one round folder: `<outputs>/<year>/.<round>.staging-<key>`. The key is
/// letters and digits; the shards of one sharded run share a key (and so one staging folder, each
/// writing its own files), a plain run uses a fresh one (`RoundStaging.freshKey()`). The caller holds
/// an `OutputLock` for as long as it uses the staging folder.
///
/// Safe to use from several threads at once (a pool that builds units writes side by side).
public final class RoundStaging: Sendable {
    /// The outputs folder.
    public let outputs: String
    /// The fiscal year (Buddhist Era), the name of the year folder.
    public let year: Int
    /// The round, the name of the round folder (`R6`, `Q4`, `M01`).
    public let round: String
    /// The key in the staging folder's name.
    public let key: String
    /// `<outputs>/<year>/<round>`: where the set is published.
    public let finalPath: String
    /// The staging folder.
    public let path: String
    /// `<outputs>/<year>`: the folder whose entries the publishing step changes.
    let yearPath: String
    /// Where the fallback swap puts the previous set aside.
    let asidePath: String
    /// The staging folder, open from its creation to the end of the run: `sync` syncs its file system
    /// through it, and syncfs then reports every write that failed on that file system since this
    /// opened it, whoever else has asked since.
    private let syncHandle: FileDescriptor

    /// A new key for a plain run: 12 random letters and digits.
    public static func freshKey() -> String {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        return String(decoding: (0..<12).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }, as: UTF8.self)
    }

    /// Creates the staging folder, or reopens it when a shard of the same run made it first. Missing
    /// parents are created; a file where a folder must be is an `.output` failure naming that file.
    public init(outputs: String, year: Int, round: String, key: String) throws(IOFailure) {
        guard LeftoverName.isKey(key) else {
            throw IOFailure(.output, "stage", path: key, "a staging key is letters and digits only")
        }
        guard LeftoverName.isRound(round) else {
            throw IOFailure(.output, "stage", path: round, "a round folder is named with A-Z, a-z, 0-9, _ and - only")
        }
        guard year > 0 else { throw IOFailure(.output, "stage", path: String(year), "the year is not a Buddhist-Era year") }
        self.outputs = outputs
        self.year = year
        self.round = round
        self.key = key
        yearPath = outputs + "/" + String(year)
        finalPath = yearPath + "/" + round
        path = yearPath + "/" + LeftoverName(round: round, kind: .staging, key: key).text
        asidePath = yearPath + "/" + LeftoverName(round: round, kind: .old, key: key).text
        try Folders.make(path)
        syncHandle = try Syscalls.openFolder(path, operation: "open folder")
    }

    deinit { Syscalls.closeQuietly(syncHandle) }

    /// The path in staging for a new file named `name`, for a writer that creates the file itself
    /// (libxlsxwriter, LibreOffice). The name is freed first: a file carried over by `carryOver` is a
    /// second name of the published file, and writing through it would change the published set.
    ///
    /// Test hook: when the environment variable `KPI_REPORT_TEST_FAIL_AFTER=N` is set, the first N
    /// calls of `reserve` and `write` in this process succeed and every later one throws
    /// `IOFailure(.output, …, "injected failure for tests")`, so that a test (or a person) can fail a
    /// real run part-way and check that the previous set stays as it was.
    public func reserve(_ name: String) throws(IOFailure) -> String {
        try LeftoverName.checkFileName(name, operation: "reserve")
        let target = path + "/" + name
        try FailureInjection.count("write", path: target)
        try Syscalls.unlink(target)
        return target
    }

    /// Writes a file into staging piece by piece: `produce` hands its bytes to the sink as it makes them
    /// (a ministry's manifest need not be held whole). Counts for the `KPI_REPORT_TEST_FAIL_AFTER` hook
    /// like `reserve`; a failure leaves no file. Not synced here: `sync` syncs the whole set.
    public func write(_ name: String, produce: (_ sink: ([UInt8]) throws -> Void) throws -> Void) throws {
        let target = try reserve(name)
        let descriptor = try Syscalls.open(target, .writeOnly, [.create, .exclusiveCreate], permissions: Folders.filePermissions,
                                           operation: "create")
        do {
            try produce { bytes in try Syscalls.writeAll(descriptor, bytes, path: target) }
            try Syscalls.close(descriptor, path: target)
        } catch {
            Syscalls.closeQuietly(descriptor)
            _ = try? Syscalls.unlink(target)
            throw error
        }
    }

    /// Writes a whole small file (a shard's fragment) into staging. Counts for the
    /// `KPI_REPORT_TEST_FAIL_AFTER` hook like `reserve`. Not synced here: `sync` syncs the whole set.
    public func write(_ name: String, _ bytes: [UInt8]) throws(IOFailure) {
        let target = try reserve(name)
        let descriptor = try Syscalls.open(target, .writeOnly, [.create, .exclusiveCreate], permissions: Folders.filePermissions,
                                           operation: "create")
        do throws(IOFailure) {
            try Syscalls.writeAll(descriptor, bytes, path: target)
            try Syscalls.close(descriptor, path: target)
        } catch {
            Syscalls.closeQuietly(descriptor)
            _ = try? Syscalls.unlink(target)
            throw error
        }
    }

    /// Puts files of the currently published folder into staging unchanged, so that a `--division`
    /// run that rebuilds some workbooks keeps the others: a hard link (no copy, and the bytes are
    /// certainly the same), or a copy where the file system cannot link. A name already in staging is
    /// left alone (the file this run wrote wins). A name missing from the published folder is a
    /// failure.
    public func carryOver(_ names: [String]) throws(IOFailure) {
        for name in names {
            try LeftoverName.checkFileName(name, operation: "carry over")
            let source = finalPath + "/" + name
            let target = path + "/" + name
            guard let status = try Syscalls.status(source) else {
                throw IOFailure(.output, "carry over", path: source, Errno.noSuchFileOrDirectory.description)
            }
            guard status.type == .regular else {
                throw IOFailure(.output, "carry over", path: source, "not a regular file")
            }
            if try Syscalls.status(target) != nil { continue }
            if case .unsupported = try Syscalls.link(source, to: target) {
                try Folders.copy(source, to: target)
            }
        }
    }

    /// The bytes of a file of the currently published folder (the previous manifest); nil when it is
    /// missing or unreadable.
    public func publishedFile(_ name: String) -> [UInt8]? {
        guard (try? LeftoverName.checkFileName(name, operation: "read")) != nil else { return nil }
        return try? Folders.readWhole(finalPath + "/" + name)
    }

    /// The names in staging, sorted by their UTF-8 bytes (the manifest's order, independent of locale).
    public func files() throws(IOFailure) -> [String] {
        try Syscalls.entries(path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Flushes every file in staging and the folder itself to the disk, so the set that is swapped
    /// in is the set a power cut leaves: one syncfs for the file system that holds them (the staging
    /// folder is made inside the outputs folder, so nothing in it lies on another), not an fdatasync per
    /// file, since a ministry's folder has tens of thousands; the kernel's writeback threads do the
    /// writing while this waits.
    public func sync() throws(IOFailure) {
        try Syscalls.syncFileSystem(syncHandle, path: path)
    }

    /// Removes the staging folder and everything in it (best effort: what is left is removed by the
    /// next run's `removeLeftovers`). Safe after `publish` too: whatever is at the staging path then
    /// is the previous set or nothing.
    public func discard() {
        try? Syscalls.removeTree(path)
    }
}

/// Moves staging folders into place.
public enum Publisher {
    /// Puts each staging folder in place of its final folder. All stagings are synced before the
    /// first swap. A final folder that does not exist yet is created by one rename(2); an existing one
    /// is swapped with its staging folder by renameat2(RENAME_EXCHANGE), so the round folder is never
    /// absent nor mixed. Where the file system cannot exchange (EINVAL, ENOSYS, EOPNOTSUPP), the old
    /// folder is renamed aside to `.<round>.old-<key>` and the staging folder renamed into place (a
    /// kill between the two leaves no round folder, and `removeLeftovers` puts the old one back).
    /// The year folders are fsynced, and only then are the previous sets removed.
    ///
    /// When a swap or an fsync fails, the swaps already done are undone before the failure is thrown,
    /// so every round keeps its previous set. A kill between two rounds' swaps leaves each round
    /// folder whole: some with the new set, the others with the previous one.
    public static func publish(_ stagings: [RoundStaging]) throws(IOFailure) {
        try publish(stagings) { (first, second) throws(IOFailure) in try Syscalls.exchange(first, second) }
    }

    /// `publish` with the exchange step given, so that tests can take the fallback path on a file
    /// system that can exchange.
    static func publish(_ stagings: [RoundStaging],
                        exchange: (String, String) throws(IOFailure) -> Syscalls.ExchangeOutcome) throws(IOFailure) {
        var finals = Set<String>()
        for staging in stagings where !finals.insert(staging.finalPath).inserted {
            throw IOFailure(.output, "publish", path: staging.finalPath, "two staging folders for one round folder")
        }
        for staging in stagings { try staging.sync() }

        var done: [(RoundStaging, Swap)] = []
        do throws(IOFailure) {
            for staging in stagings { done.append((staging, try swap(staging, exchange: exchange))) }
            var parents = Set<String>()
            for staging in stagings where parents.insert(staging.yearPath).inserted {
                try Folders.syncFolder(staging.yearPath)
            }
        } catch {
            for (staging, swap) in done.reversed() { undo(swap, of: staging, exchange: exchange) }
            throw error
        }
        // Published. Removing the previous sets can fail without un-publishing anything: the next
        // run's removeLeftovers takes what is left.
        for (staging, swap) in done {
            switch swap {
            case .created: break
            case .exchanged: try? Syscalls.removeTree(staging.path)
            case .setAside: try? Syscalls.removeTree(staging.asidePath)
            }
        }
    }

    /// How a staging folder was put in place, and so where the previous set went.
    enum Swap {
        /// There was no previous set.
        case created
        /// The previous set is at the staging path.
        case exchanged
        /// The previous set is at the aside path.
        case setAside
    }

    private static func swap(_ staging: RoundStaging,
                             exchange: (String, String) throws(IOFailure) -> Syscalls.ExchangeOutcome) throws(IOFailure) -> Swap {
        guard let existing = try Syscalls.status(staging.finalPath) else {
            try Syscalls.rename(staging.path, to: staging.finalPath)
            return .created
        }
        guard existing.type == .directory else {
            throw IOFailure(.output, "publish", path: staging.finalPath,
                            "\(Errno.notDirectory) (something other than a folder is where the round folder goes)")
        }
        switch try exchange(staging.path, staging.finalPath) {
        case .exchanged:
            return .exchanged
        case .unsupported:
            // A leftover of an earlier run with this key; the round folder exists, so it is not the
            // only copy of anything.
            try Syscalls.removeTree(staging.asidePath)
            try Syscalls.rename(staging.finalPath, to: staging.asidePath)
            do throws(IOFailure) {
                try Syscalls.rename(staging.path, to: staging.finalPath)
            } catch {
                try? Syscalls.rename(staging.asidePath, to: staging.finalPath)
                throw error
            }
            return .setAside
        }
    }

    /// Best effort: the failure being reported matters more than one in undoing.
    private static func undo(_ swap: Swap, of staging: RoundStaging,
                             exchange: (String, String) throws(IOFailure) -> Syscalls.ExchangeOutcome) {
        switch swap {
        case .created:
            try? Syscalls.rename(staging.finalPath, to: staging.path)
        case .exchanged:
            _ = try? exchange(staging.path, staging.finalPath)
        case .setAside:
            try? Syscalls.rename(staging.finalPath, to: staging.path)
            try? Syscalls.rename(staging.asidePath, to: staging.finalPath)
        }
        try? Folders.syncFolder(staging.yearPath)
    }

    /// Cleans up after killed runs: in every `<outputs>/<year>/`, removes the staging and .old
    /// folders whose key is not in `keep` (the key of the sharded run whose shards are still writing)
    /// and returns their paths, sorted. An .old folder whose round folder is missing (a run killed
    /// between the two renames of the fallback swap) holds the only published set: it is renamed back
    /// into place, whatever its key, and not listed. Call it only while holding the exclusive lock.
    public static func removeLeftovers(outputs: String, keep: Set<String>) throws(IOFailure) -> [String] {
        guard let status = try Syscalls.status(outputs, followSymlinks: true), status.type == .directory else { return [] }
        var removed: [String] = []
        for yearName in try Syscalls.entries(outputs).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let yearPath = outputs + "/" + yearName
            guard let yearStatus = try Syscalls.status(yearPath, followSymlinks: true), yearStatus.type == .directory else { continue }
            let names = try Syscalls.entries(yearPath).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for name in names {
                guard let leftover = LeftoverName(name) else { continue }
                let path = yearPath + "/" + name
                if leftover.kind == .old {
                    let finalPath = yearPath + "/" + leftover.round
                    if try Syscalls.status(finalPath) == nil {
                        try Syscalls.rename(path, to: finalPath)
                        try Folders.syncFolder(yearPath)
                        continue
                    }
                }
                if keep.contains(leftover.key) { continue }
                try Syscalls.removeTree(path)
                removed.append(path)
            }
        }
        return removed
    }
}

/// The names of staging and .old folders: `.<round>.staging-<key>`, `.<round>.old-<key>`.
struct LeftoverName: Equatable {
    /// A set being written, or a previous set put aside by the fallback swap.
    enum Kind: String { case staging, old }
    /// The round folder it belongs to.
    let round: String
    /// Which of the two.
    let kind: Kind
    /// The run that made it.
    let key: String

    init(round: String, kind: Kind, key: String) {
        self.round = round
        self.kind = kind
        self.key = key
    }

    /// Parses a folder name; nil for anything else (round folders, files a person put there).
    init?(_ name: String) {
        guard name.hasPrefix(".") else { return nil }
        let parts = name.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, Self.isRound(parts[0]) else { return nil }
        let tail = parts[1]
        for kind in [Kind.staging, .old] {
            let marker = kind.rawValue + "-"
            if tail.hasPrefix(marker), Self.isKey(tail.dropFirst(marker.count)) {
                self.init(round: String(parts[0]), kind: kind, key: String(tail.dropFirst(marker.count)))
                return
            }
        }
        return nil
    }

    /// The folder name.
    var text: String { "." + round + "." + kind.rawValue + "-" + key }

    /// Letters and digits only: a key can hold no "." or "/", so a name parses one way only.
    static func isKey<S: StringProtocol>(_ key: S) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }

    /// Round names never hold a dot, which keeps the staging names parseable.
    static func isRound<S: StringProtocol>(_ round: S) -> Bool {
        !round.isEmpty && round.utf8.allSatisfy {
            (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x5F || $0 == 0x2D
        }
    }

    /// A file of a round folder is named by one path component.
    static func checkFileName(_ name: String, operation: String) throws(IOFailure) {
        guard !name.isEmpty, name != ".", name != "..", !name.utf8.contains(0x2F), !name.utf8.contains(0) else {
            throw IOFailure(.output, operation, path: name, "not a file name (one path component)")
        }
    }
}

/// Folder and file helpers over `Syscalls`.
enum Folders {
    /// rw-r--r--, as the previous writer made them (the umask still applies).
    static let filePermissions: FilePermissions = [.ownerReadWrite, .groupRead, .otherRead]

    /// `mkdir -p`. Something other than a folder (or a link to one) in the way is a failure naming it.
    static func make(_ path: String) throws(IOFailure) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") where component != "." {
            if !prefix.isEmpty && !prefix.hasSuffix("/") { prefix += "/" }
            prefix += component
            guard try Syscalls.makeFolder(prefix) == .exists else { continue }
            guard let status = try Syscalls.status(prefix, followSymlinks: true) else {
                throw IOFailure(.output, "create folder", path: prefix, "\(Errno.noSuchFileOrDirectory) (a broken symbolic link)")
            }
            guard status.type == .directory else {
                throw IOFailure(.output, "create folder", path: prefix, "\(Errno.notDirectory) (a file is where this folder must be)")
            }
        }
    }

    /// fsync(2) of a folder: makes its entries (a rename into it) durable.
    static func syncFolder(_ path: String) throws(IOFailure) {
        let folder = try Syscalls.openFolder(path, operation: "open folder")
        defer { Syscalls.closeQuietly(folder) }
        try Syscalls.fsync(folder, path: path)
    }

    /// Copies a file's bytes to a new file (the carry-over where hard links are not possible).
    static func copy(_ source: String, to target: String) throws(IOFailure) {
        let input = try Syscalls.open(source, .readOnly, operation: "open")
        defer { Syscalls.closeQuietly(input) }
        let output = try Syscalls.open(target, .writeOnly, [.create, .exclusiveCreate], permissions: filePermissions, operation: "create")
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Digest.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        do throws(IOFailure) {
            while true {
                let count = try Syscalls.read(input, into: buffer, path: source)
                if count == 0 { break }
                try Syscalls.writeAll(output, UnsafeRawBufferPointer(rebasing: buffer[..<count]), path: target)
            }
            try Syscalls.close(output, path: target)
        } catch {
            Syscalls.closeQuietly(output)
            _ = try? Syscalls.unlink(target)
            throw error
        }
    }

    /// A whole file's bytes.
    static func readWhole(_ path: String) throws(IOFailure) -> [UInt8] {
        let file = try Syscalls.open(path, .readOnly, operation: "open")
        defer { Syscalls.closeQuietly(file) }
        var bytes: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Digest.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try Syscalls.read(file, into: buffer, path: path)
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[..<count])
        }
    }
}

/// The `KPI_REPORT_TEST_FAIL_AFTER=N` hook of `RoundStaging.reserve` and `write`: the first N files
/// of the process succeed, every later one fails. Read once; counted across threads.
enum FailureInjection {
    /// N, or nil when the hook is off (always, outside tests).
    static let limit: Int? = Syscalls.environment("KPI_REPORT_TEST_FAIL_AFTER").flatMap { Int($0) }
    /// Files reserved or written so far in this process, by every thread.
    static let files = Atomic<Int>(0)

    /// Counts one file; throws when it is past the limit.
    static func count(_ operation: String, path: String) throws(IOFailure) {
        guard let limit else { return }
        if files.add(1, ordering: .relaxed).newValue > limit {
            throw IOFailure(.output, operation, path: path, "injected failure for tests")
        }
    }
}
