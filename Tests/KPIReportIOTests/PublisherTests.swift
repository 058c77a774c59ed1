import Foundation
import Testing
@testable import KPIReportIO
import TestSupport

/// A round folder is published as one transaction: the manifest always describes exactly the files
/// beside it, a failed or killed run leaves the previous set byte-identical, and a lock keeps runs
/// apart.
@Suite struct PublisherTests {
    // MARK: Publishing

    @Test("publishing over an existing set: the old files are gone, the new ones are there byte for byte")
    func publishOverExistingSet() throws {
        let outputs = Repository.temporaryFolder("publish")
        let old = ["SEC.xlsx": bytes("old SEC"), "HRM.xlsx": bytes("old HRM"), "manifest.json": bytes("{\"old\":1}")]
        try RoundFolders.publish(old, outputs: outputs)
        let new = ["SEC.xlsx": bytes("new SEC, longer than before"), "FIN.xlsx": bytes("new FIN"),
                   "manifest.json": bytes("{\"new\":2}")]
        let staging = try RoundFolders.publish(new, outputs: outputs)

        #expect(try FileTree.tree(staging.finalPath) == new)
        #expect(try FileTree.names(outputs + "/2563") == ["R6"])
        #expect(!FileManager.default.fileExists(atPath: staging.path))
    }

    @Test("publishing into a fresh outputs folder creates the year and round folders")
    func publishIntoFreshFolder() throws {
        let outputs = Repository.temporaryFolder("fresh") + "/Outputs"
        let set = ["SEC.xlsx": bytes("SEC"), "manifest.json": bytes("{}")]
        let staging = try RoundFolders.publish(set, outputs: outputs, year: 2566, round: "Q4")

        #expect(staging.finalPath == outputs + "/2566/Q4")
        #expect(try FileTree.tree(outputs + "/2566/Q4") == set)
        #expect(try FileTree.names(outputs + "/2566") == ["Q4"])
    }

    @Test("a 300-file set is published whole; time to stage, sync and publish it")
    func publishThreeHundredFiles() throws {
        let outputs = Repository.temporaryFolder("three-hundred")
        var old: [String: Data] = [:], new: [String: Data] = [:]
        for index in 0..<300 {
            old["D\(index).xlsx"] = bytes(String(repeating: "old \(index) ", count: 400))
            new["D\(index).xlsx"] = bytes(String(repeating: "new \(index) ", count: 500))
        }
        try RoundFolders.publish(old, outputs: outputs)
        let clock = ContinuousClock()
        var publishing = Duration.zero
        let total = try clock.measure {
            let staging = try RoundStaging(outputs: outputs, year: 2563, round: "R6", key: RoundStaging.freshKey())
            for (name, bytes) in new { try staging.write(name, [UInt8](bytes)) }
            publishing = try clock.measure { try Publisher.publish([staging]) }
        }
        let size = new.values.reduce(0) { $0 + $1.count }
        print("publish 300 files (\(size / 1000) kB) over 300: stage+publish \(total), of which sync+swap+remove old \(publishing)")
        #expect(try FileTree.tree(outputs + "/2563/R6") == new)
    }

    @Test("carryOver keeps the files a --division run does not rebuild byte-identical")
    func carryOverKeepsUntouchedFiles() throws {
        let outputs = Repository.temporaryFolder("carry")
        let old = ["SEC.xlsx": bytes("old SEC"), "HRM.xlsx": bytes("old HRM"),
                   "department.xlsx": bytes("old department"), "manifest.json": bytes("{\"old\":1}")]
        try RoundFolders.publish(old, outputs: outputs)

        let staging = try RoundStaging(outputs: outputs, year: 2563, round: "R6", key: RoundStaging.freshKey())
        #expect(staging.publishedFile("manifest.json") == [UInt8](bytes("{\"old\":1}")))
        #expect(staging.publishedFile("missing.json") == nil)
        try staging.carryOver(["HRM.xlsx", "department.xlsx", "SEC.xlsx"])
        // SEC is rebuilt through a reserved path, as libxlsxwriter would: the carried-over name must
        // not lead into the published file.
        let path = try staging.reserve("SEC.xlsx")
        try bytes("new SEC").write(to: URL(fileURLWithPath: path))
        #expect(try Data(contentsOf: URL(fileURLWithPath: staging.finalPath + "/SEC.xlsx")) == bytes("old SEC"))
        try staging.write("manifest.json", [UInt8](bytes("{\"new\":2}")))
        // A name already in staging is kept: the file this run wrote wins.
        try staging.carryOver(["SEC.xlsx"])
        #expect(try staging.files() == ["HRM.xlsx", "SEC.xlsx", "department.xlsx", "manifest.json"])
        let hrmBefore = try FileTree.inode(staging.finalPath + "/HRM.xlsx")
        try Publisher.publish([staging])

        #expect(try FileTree.tree(staging.finalPath) == ["SEC.xlsx": bytes("new SEC"), "HRM.xlsx": bytes("old HRM"),
                                                        "department.xlsx": bytes("old department"),
                                                        "manifest.json": bytes("{\"new\":2}")])
        // The same file, linked rather than copied.
        #expect(try FileTree.inode(staging.finalPath + "/HRM.xlsx") == hrmBefore)
    }

    @Test("carryOver of a file the published folder does not have is an .output failure naming it")
    func carryOverMissingFile() throws {
        let outputs = Repository.temporaryFolder("carry-missing")
        try RoundFolders.publish(["SEC.xlsx": bytes("SEC")], outputs: outputs)
        let staging = try RoundStaging(outputs: outputs, year: 2563, round: "R6", key: RoundStaging.freshKey())
        let failure = try #require(throws: IOFailure.self) { try staging.carryOver(["HRM.xlsx"]) }
        #expect(failure.kind == .output)
        #expect(failure.path == staging.finalPath + "/HRM.xlsx")
        #expect(failure.message == "No such file or directory")
        staging.discard()
    }

    @Test("a failure before publishing leaves the previous set byte-identical and, after discard, no staging")
    func failureBeforePublish() throws {
        struct WorkbookFailed: Error {}
        let outputs = Repository.temporaryFolder("failure")
        let old = ["SEC.xlsx": bytes("old SEC"), "manifest.json": bytes("{\"old\":1}")]
        try RoundFolders.publish(old, outputs: outputs)
        let before = try FileTree.tree(outputs)

        let staging = try RoundStaging(outputs: outputs, year: 2563, round: "R6", key: RoundStaging.freshKey())
        #expect(throws: WorkbookFailed.self) {
            do {
                try staging.write("SEC.xlsx", [UInt8](bytes("half a new SEC")))
                try staging.carryOver(["manifest.json"])
                throw WorkbookFailed()
            } catch {
                staging.discard()
                throw error
            }
        }
        #expect(try FileTree.tree(outputs) == before)
        #expect(try FileTree.names(outputs + "/2563") == ["R6"])
    }

    @Test("a failed swap of a later round puts the earlier rounds' previous sets back (exchange and fallback)",
          arguments: [false, true])
    func failedSwapIsUndone(exchangeUnsupported: Bool) throws {
        let outputs = Repository.temporaryFolder("undo")
        let old = ["SEC.xlsx": bytes("old SEC"), "manifest.json": bytes("{\"old\":1}")]
        try RoundFolders.publish(old, outputs: outputs)
        let r6 = try RoundFolders.stage(["SEC.xlsx": bytes("new SEC")], outputs: outputs)
        let r12 = try RoundFolders.stage(["SEC.xlsx": bytes("new SEC R12")], outputs: outputs, round: "R12")
        // Something that is not a folder where R12's round folder goes.
        try bytes("not a folder").write(to: URL(fileURLWithPath: outputs + "/2563/R12"))

        let failure = try #require(throws: IOFailure.self) {
            try Publisher.publish([r6, r12]) { (first: String, second: String) throws(IOFailure) -> Syscalls.ExchangeOutcome in
                exchangeUnsupported ? .unsupported(.invalidArgument) : try Syscalls.exchange(first, second)
            }
        }
        #expect(failure.kind == .output)
        #expect(failure.path == outputs + "/2563/R12")
        #expect(try FileTree.tree(outputs + "/2563/R6") == old)
        #expect(try FileTree.tree(r6.path) == ["SEC.xlsx": bytes("new SEC")])
        r6.discard()
        r12.discard()
        #expect(try FileTree.names(outputs + "/2563") == ["R12", "R6"])
    }

    @Test("where the file system cannot exchange, the old folder is set aside, the new one renamed in, the old removed")
    func fallbackWithoutExchange() throws {
        let outputs = Repository.temporaryFolder("fallback")
        try RoundFolders.publish(["SEC.xlsx": bytes("old SEC"), "manifest.json": bytes("{\"old\":1}")], outputs: outputs)
        let new = ["SEC.xlsx": bytes("new SEC"), "HRM.xlsx": bytes("new HRM"), "manifest.json": bytes("{\"new\":2}")]
        let staging = try RoundFolders.stage(new, outputs: outputs)
        var attempts: [String] = []
        try Publisher.publish([staging]) { (first: String, second: String) throws(IOFailure) -> Syscalls.ExchangeOutcome in
            attempts.append(first + " <-> " + second)
            return .unsupported(.notSupported)
        }
        #expect(attempts == [staging.path + " <-> " + staging.finalPath])
        #expect(try FileTree.tree(staging.finalPath) == new)
        #expect(try FileTree.names(outputs + "/2563") == ["R6"])
    }

    @Test("renameat2(RENAME_EXCHANGE) swaps two folders, through glibc's wrapper and through syscall(2)", arguments: [false, true])
    func exchange(viaSyscall: Bool) throws {
        let root = Repository.temporaryFolder("exchange")
        try FileTree.write(["a.xlsx": bytes("first")], into: root + "/one")
        try FileTree.write(["b.xlsx": bytes("second"), "c.xlsx": bytes("third")], into: root + "/two")
        #expect(try Syscalls.exchange(root + "/one", root + "/two", viaSyscall: viaSyscall) == .exchanged)
        #expect(try FileTree.tree(root + "/one") == ["b.xlsx": bytes("second"), "c.xlsx": bytes("third")])
        #expect(try FileTree.tree(root + "/two") == ["a.xlsx": bytes("first")])
        let failure = try #require(throws: IOFailure.self) {
            _ = try Syscalls.exchange(root + "/one", root + "/missing", viaSyscall: viaSyscall)
        }
        #expect(failure.description == "exchange \(root)/one with \(root)/missing: No such file or directory")
    }

    @Test("a run killed between the fallback's two renames: removeLeftovers puts the previous set back")
    func fallbackKilledBetweenRenames() throws {
        let outputs = Repository.temporaryFolder("fallback-killed")
        let old = ["SEC.xlsx": bytes("old SEC"), "manifest.json": bytes("{\"old\":1}")]
        try RoundFolders.publish(old, outputs: outputs)
        let staging = try RoundFolders.stage(["SEC.xlsx": bytes("new SEC")], outputs: outputs)
        // The state the kill leaves: the round folder renamed aside, the staging folder not yet moved.
        try FileManager.default.moveItem(atPath: staging.finalPath, toPath: staging.asidePath)

        let removed = try Publisher.removeLeftovers(outputs: outputs, keep: [])
        #expect(removed == [staging.path])
        #expect(try FileTree.tree(staging.finalPath) == old)
        #expect(try FileTree.names(outputs + "/2563") == ["R6"])
    }

    @Test("removeLeftovers removes killed runs' staging and .old folders, keeps the keys asked for")
    func removeLeftovers() throws {
        let outputs = Repository.temporaryFolder("leftovers")
        let published = ["SEC.xlsx": bytes("published")]
        try RoundFolders.publish(published, outputs: outputs)
        try RoundFolders.publish(published, outputs: outputs, year: 2564, round: "Q1")
        let y63 = outputs + "/2563", y64 = outputs + "/2564"
        let killed = try RoundFolders.stage(["SEC.xlsx": bytes("half")], outputs: outputs, key: "killed1")
        let kept = try RoundFolders.stage(["HRM.xlsx": bytes("shard 1 of 2")], outputs: outputs, round: "R12", key: "shardrun7")
        let otherYear = try RoundFolders.stage(["x": bytes("x")], outputs: outputs, year: 2564, round: "Q1", key: "k9")
        try FileTree.write(["SEC.xlsx": bytes("old")], into: y63 + "/.R6.old-killed2")
        // Nested folders inside a staging folder are removed too.
        try FileTree.write(["inner/deeper/file": bytes("x")], into: y63 + "/.R6.staging-nested")
        // Not leftovers: a person's hidden file, a name with a dot in the key, a file in the outputs root.
        try FileTree.write([".notes": bytes("keep me"), ".R6.staging-not.a.key": bytes("keep me too")], into: y63)
        try bytes("readme").write(to: URL(fileURLWithPath: outputs + "/README"))

        let removed = try Publisher.removeLeftovers(outputs: outputs, keep: ["shardrun7"])
        #expect(removed == [y63 + "/.R6.old-killed2", killed.path, y63 + "/.R6.staging-nested", otherYear.path])
        #expect(try FileTree.names(y63) == [".R12.staging-shardrun7", ".R6.staging-not.a.key", ".notes", "R6"])
        #expect(try FileTree.names(y64) == ["Q1"])
        #expect(try FileTree.tree(kept.path) == ["HRM.xlsx": bytes("shard 1 of 2")])
        #expect(try FileTree.tree(y63 + "/R6") == published)
        #expect(try Publisher.removeLeftovers(outputs: outputs + "/missing", keep: []) == [])
    }

    @Test("a file where the year folder must be is an .output failure naming it")
    func fileWhereYearFolderShouldBe() throws {
        let outputs = Repository.temporaryFolder("file-in-the-way")
        try bytes("not a folder").write(to: URL(fileURLWithPath: outputs + "/2563"))
        let failure = try #require(throws: IOFailure.self) {
            _ = try RoundStaging(outputs: outputs, year: 2563, round: "R6", key: "k1")
        }
        #expect(failure.kind == .output)
        #expect(failure.path == outputs + "/2563")
        #expect(failure.description.hasPrefix("create folder \(outputs)/2563: Not a directory"))
    }

    @Test("keys, rounds and file names that would escape their folder are refused")
    func badNames() throws {
        let outputs = Repository.temporaryFolder("names")
        for (round, key) in [("R6", "a-b"), ("R6", ""), ("R6", "../x"), ("R.6", "k"), ("", "k"), ("../R6", "k")] {
            let failure = try #require(throws: IOFailure.self) {
                _ = try RoundStaging(outputs: outputs, year: 2563, round: round, key: key)
            }
            #expect(failure.kind == .output)
        }
        let staging = try RoundStaging(outputs: outputs, year: 2563, round: "R6", key: "k")
        for name in ["", ".", "..", "a/b", "../R6"] {
            #expect(throws: IOFailure.self) { _ = try staging.reserve(name) }
            #expect(throws: IOFailure.self) { try staging.write(name, []) }
        }
        staging.discard()
        #expect(try FileTree.names(outputs + "/2563") == [])
    }

    @Test("the test hook KPI_REPORT_TEST_FAIL_AFTER fails a real run part-way; the previous set stays")
    func injectedFailure() throws {
        let child = try CrashChild.executable()
        let outputs = Repository.temporaryFolder("injected")
        try #require(try CrashChild.run(child, outputs: outputs, generation: 1).status == 0)
        let before = try FileTree.tree(outputs)

        let run = try CrashChild.run(child, outputs: outputs, generation: 2, environment: ["KPI_REPORT_TEST_FAIL_AFTER": "150"])
        #expect(run.status == 73)
        #expect(run.stderr.contains("unit-150.xlsx: injected failure for tests"))
        #expect(try FileTree.tree(outputs) == before)
    }

    // MARK: Lock

    @Test("two exclusive locks conflict even in one process; wait=false throws .busy naming the lock file and the holder")
    func exclusiveLocksConflict() throws {
        let outputs = Repository.temporaryFolder("lock") + "/Outputs"
        let first = try OutputLock(outputs: outputs, mode: .exclusive, wait: false)
        let failure = try #require(throws: IOFailure.self) {
            _ = try OutputLock(outputs: outputs, mode: .exclusive, wait: false)
        }
        #expect(failure.kind == .busy)
        #expect(failure.path == outputs + "/.kpi-report.lock")
        #expect(failure.message.contains("(pid \(ProcessInfo.processInfo.processIdentifier))"))
        first.release()
        first.release()
        let second = try OutputLock(outputs: outputs, mode: .exclusive, wait: false)
        second.release()
    }

    @Test("shared locks coexist; shared and exclusive conflict both ways; the lock goes with the object")
    func sharedAndExclusive() throws {
        let outputs = Repository.temporaryFolder("lock-shared")
        do {
            let shard1 = try OutputLock(outputs: outputs, mode: .shared, wait: false)
            let shard2 = try OutputLock(outputs: outputs, mode: .shared, wait: false)
            let failure = try #require(throws: IOFailure.self) {
                _ = try OutputLock(outputs: outputs, mode: .exclusive, wait: false)
            }
            #expect(failure.kind == .busy)
            // Shards write no pid: the message must not name one.
            #expect(!failure.message.contains("pid"))
            withExtendedLifetime((shard1, shard2)) {}
        }
        // Both shards went out of scope: their locks went with them.
        let merge = try OutputLock(outputs: outputs, mode: .exclusive, wait: false)
        #expect(throws: IOFailure.self) { _ = try OutputLock(outputs: outputs, mode: .shared, wait: false) }
        merge.release()
        _ = try OutputLock(outputs: outputs, mode: .shared, wait: false)
    }

    @Test("wait=true blocks until the holder releases")
    func waitForLock() async throws {
        let outputs = Repository.temporaryFolder("lock-wait")
        let holder = try OutputLock(outputs: outputs, mode: .exclusive, wait: false)
        let waiter = Task.detached { () throws -> ContinuousClock.Instant in
            let lock = try OutputLock(outputs: outputs, mode: .exclusive, wait: true)
            defer { lock.release() }
            return ContinuousClock.now
        }
        try await Task.sleep(for: .milliseconds(300))
        let released = ContinuousClock.now
        holder.release()
        // Compared with the moment of release, not with a duration: a waiter that the scheduler starts
        // late has nothing to wait for, but one that got in before the release is a broken lock.
        #expect(try await waiter.value > released)
    }

    @Test("the lock is flock(2) on the lock file, so other programs see it too")
    func lockAcrossProcesses() throws {
        let flock = "/usr/bin/flock"
        try #require(FileManager.default.isExecutableFile(atPath: flock), "util-linux flock(1) is needed")
        let outputs = Repository.temporaryFolder("lock-processes")
        let lockFile = outputs + "/.kpi-report.lock"
        let ours = try OutputLock(outputs: outputs, mode: .exclusive, wait: false)
        #expect(try Shell.execute(flock, ["-n", "-s", lockFile, "true"]).status == 1)
        ours.release()
        #expect(try Shell.execute(flock, ["-n", "-x", lockFile, "true"]).status == 0)

        // Another program holds it (flock(1) running cat, until its input closes): we stop at once.
        let other = Process()
        other.executableURL = URL(fileURLWithPath: flock)
        other.arguments = ["-x", lockFile, "cat"]
        let input = Pipe()
        other.standardInput = input
        other.standardOutput = FileHandle.nullDevice
        try other.run()
        defer {
            try? input.fileHandleForWriting.close()
            other.waitUntilExit()
        }
        var busy: IOFailure?
        for _ in 0..<500 where busy == nil {
            do {
                let lock = try OutputLock(outputs: outputs, mode: .shared, wait: false)
                lock.release()
                Thread.sleep(forTimeInterval: 0.01)  // flock(1) has not taken it yet
            } catch {
                busy = error
            }
        }
        #expect(busy?.kind == .busy)
    }

    // MARK: Digest

    @Test("SHA-256 of known vectors (FIPS 180-4), from bytes, a stream in pieces and a file")
    func sha256() throws {
        let vectors: [([UInt8], String)] = [
            ([], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            ([UInt8](repeating: 0x61, count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
        ]
        let folder = Repository.temporaryFolder("sha")
        for (index, (bytes, expected)) in vectors.enumerated() {
            #expect(Digest.sha256Hex(bytes) == expected)
            let stream = Digest.Stream()
            // Uneven pieces, so that chunk boundaries fall inside SHA-256 blocks.
            var offset = 0, piece = 1
            while offset < bytes.count {
                let end = min(bytes.count, offset + piece)
                bytes[offset..<end].withUnsafeBytes { stream.update($0) }
                offset = end
                piece = piece * 3 + 7
            }
            #expect(stream.finalizeHex() == expected)
            let path = folder + "/\(index)"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(try Digest.sha256Hex(file: path) == expected)
        }
        let failure = try #require(throws: IOFailure.self) { _ = try Digest.sha256Hex(file: folder + "/missing") }
        #expect(failure.kind == .output && failure.message == "No such file or directory")
    }

    // MARK: Crash simulation

    @Test("SIGKILL at many points while staging and publishing 300 files: always the whole old or the whole new set")
    func crashSimulation() throws {
        let child = try CrashChild.executable()
        let root = Repository.temporaryFolder("crash")
        let kills = Int(ProcessInfo.processInfo.environment["KPI_CRASH_KILLS"] ?? "") ?? 90

        // The two complete sets, from runs nobody killed, and the run's timing.
        var references: [UInt64: [String: Data]] = [:]
        var timings: [CrashChild.Timing] = []
        for generation: UInt64 in [1, 2, 1, 2, 1] {
            let run = try CrashChild.run(child, outputs: root + "/reference-\(generation)", generation: generation)
            try #require(run.status == 0, "\(run.stderr)")
            references[generation] = try FileTree.tree(root + "/reference-\(generation)/2563/R6")
            timings.append(try #require(CrashChild.Timing(run)))
        }
        // The fastest run: the others may have shared the two cores with the rest of the tests.
        let timing = try #require(timings.min { $0.marks["published", default: 0] < $1.marks["published", default: 0] })
        let manifests = try references.mapValues { try #require($0["manifest.json"]) }
        #expect(manifests[1] != manifests[2])
        #expect(references.values.allSatisfy { $0.count == 301 })

        let outputs = root + "/outputs"
        let year = outputs + "/2563"
        try #require(try CrashChild.run(child, outputs: outputs, generation: 1).status == 0)
        var current: UInt64 = 1
        var states: [String: Int] = [:]
        var finals: [String: Int] = [:]
        // Kill points are drawn from a seed that is printed, so that a failure can be rerun with
        // KPI_CRASH_SEED (the run's own timing still varies).
        let seed = UInt64(ProcessInfo.processInfo.environment["KPI_CRASH_SEED"] ?? "") ?? UInt64.random(in: 0...UInt64(UInt32.max))
        var random = SeededRandom(seed: seed)
        for attempt in 0..<kills {
            let next: UInt64 = current == 1 ? 2 : 1
            let point = timing.killPoint(attempt, files: 300, using: &random)
            let finished = try CrashChild.runAndKill(child, outputs: outputs, generation: next, at: point)

            let published = try FileTree.tree(year + "/R6")
            let generation = try #require([current, next].first { references[$0] == published },
                                          "kill \(attempt) at \(point): the round folder is neither the old nor the new set")
            if finished { #expect(generation == next) }
            // The manifest describes exactly the files beside it.
            try CrashChild.checkManifest(published)
            let leftovers = try FileTree.names(year).filter { $0 != "R6" }
            // A finished run removed what the killed run before it left, and its own previous set.
            if finished { #expect(leftovers.isEmpty) }
            let aim = point.step.isEmpty ? "spawn" : String(point.step.prefix { $0 != " " })
            var state = "after \(aim): " + (finished ? "run finished" : (generation == current ? "old set published" : "new set published"))
            for name in leftovers {
                let kind = try #require(LeftoverName(name), "unexpected \(name) in \(year)")
                let content = try FileTree.tree(year + "/" + name)
                state += "; " + (try CrashChild.describe(kind, content, old: try #require(references[current]),
                                                         new: try #require(references[next])))
            }
            states[state, default: 0] += 1
            finals[generation == current ? "old" : "new", default: 0] += 1

            // Every other time the next child cleans up; otherwise the test does, as a run would.
            if attempt % 2 == 1 {
                let lock = try OutputLock(outputs: outputs, mode: .exclusive, wait: true)
                _ = try Publisher.removeLeftovers(outputs: outputs, keep: [])
                lock.release()
                #expect(try FileTree.names(year) == ["R6"])
                #expect(try FileTree.tree(year + "/R6") == published)
            }
            current = generation
        }
        let lock = try OutputLock(outputs: outputs, mode: .exclusive, wait: true)
        _ = try Publisher.removeLeftovers(outputs: outputs, keep: [])
        lock.release()
        #expect(try FileTree.names(year) == ["R6"])
        #expect(try FileTree.tree(year + "/R6") == references[current])

        print("crash simulation (KPI_CRASH_SEED=\(seed)): \(kills) kills; an unkilled run: \(timing); round folder after a kill: \(finals.sorted { $0.key < $1.key })")
        for (state, count) in states.sorted(by: { $0.key < $1.key }) { print("  \(count)\t\(state)") }
        // Kills both before and after the swap happened, or the simulation proved nothing.
        #expect(finals["old", default: 0] > 0)
        #expect(finals["new", default: 0] > 0)
        #expect(states.keys.contains { $0.contains("staging folder holds part of the new set") })
    }
}

/// The bytes of a text, for short file contents.
private func bytes(_ text: String) -> Data { Data(text.utf8) }

/// Sets of files staged and published through the API under test.
enum RoundFolders {
    /// Stages a set (not published).
    static func stage(_ files: [String: Data], outputs: String, year: Int = 2563, round: String = "R6",
                      key: String = RoundStaging.freshKey()) throws -> RoundStaging {
        let staging = try RoundStaging(outputs: outputs, year: year, round: round, key: key)
        for (name, bytes) in files { try staging.write(name, [UInt8](bytes)) }
        return staging
    }

    /// Stages and publishes a set.
    @discardableResult
    static func publish(_ files: [String: Data], outputs: String, year: Int = 2563, round: String = "R6") throws -> RoundStaging {
        let staging = try stage(files, outputs: outputs, year: year, round: round)
        try Publisher.publish([staging])
        return staging
    }
}

/// Folders as plain data, to compare whole sets byte for byte.
enum FileTree {
    /// Writes files (with folders) under `folder`.
    static func write(_ files: [String: Data], into folder: String) throws {
        for (name, bytes) in files {
            let url = URL(fileURLWithPath: folder + "/" + name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try bytes.write(to: url)
        }
    }

    /// Every file under `folder` (hidden ones too), by relative path.
    static func tree(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let path = folder + "/" + name
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            if isFolder.boolValue {
                for (inner, bytes) in try tree(path) { files[name + "/" + inner] = bytes }
            } else {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }

    /// The names in a folder, sorted.
    static func names(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    /// The inode number: the same for two names of one file.
    static func inode(_ path: String) throws -> UInt64 {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64)
    }
}

/// The `publish-crash-child` executable: one run's publishing in a process of its own.
enum CrashChild {
    /// A finished run, and how long it took from spawn to exit.
    struct Run {
        let output: Shell.Output
        let wall: Duration
        var status: Int32 { output.status }
        var stderr: String { output.stderr }
    }

    /// The child beside the test bundle (the test target depends on it, so `swift test` builds it).
    static func executable() throws -> String {
        let bundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let path = URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("publish-crash-child").path
        try #require(FileManager.default.isExecutableFile(atPath: path),
                     "\(path) is missing: the test target must depend on the publish-crash-child executable target")
        return path
    }

    private static func arguments(_ outputs: String, _ generation: UInt64) -> [String] {
        [outputs, "2563", "R6", "300", String(generation)]
    }

    /// Runs the child to its end.
    static func run(_ child: String, outputs: String, generation: UInt64, environment: [String: String] = [:]) throws -> Run {
        let started = ContinuousClock.now
        let output = try Shell.execute(child, arguments(outputs, generation), environment: environment)
        return Run(output: output, wall: ContinuousClock.now - started)
    }

    /// Where a kill is aimed: `delay` after the child marks `step` (after the spawn when `step` is
    /// empty).
    struct KillPoint: CustomStringConvertible {
        let step: String
        let delay: Duration
        var description: String { (step.isEmpty ? "spawn" : step) + " + \(delay)" }
    }

    /// Starts the child and SIGKILLs it at `point`; true when it had already finished.
    static func runAndKill(_ child: String, outputs: String, generation: UInt64, at point: KillPoint) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: child)
        process.arguments = arguments(outputs, generation)
        let marks = Pipe()
        process.standardOutput = marks
        process.standardError = FileHandle.nullDevice
        try process.run()
        if !point.step.isEmpty {
            // Wait for the step's mark (or the end of the output: the child finished or failed).
            var seen = ""
            while !seen.split(separator: "\n").contains(where: { $0.hasPrefix(point.step + " ") }) {
                let chunk = marks.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen += String(decoding: chunk, as: UTF8.self)
            }
        }
        Thread.sleep(forTimeInterval: Double(point.delay.components.seconds) + Double(point.delay.components.attoseconds) / 1e18)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        if process.terminationReason == .exit {
            try #require(process.terminationStatus == 0, "the child failed on its own")
            return true
        }
        #expect(process.terminationStatus == SIGKILL)
        return false
    }

    /// The child's marks (milliseconds since it started) in an unkilled run, to size the delays.
    struct Timing: CustomStringConvertible {
        let marks: [String: Double]

        init?(_ run: Run) {
            var marks: [String: Double] = [:]
            for line in run.output.stdout.split(separator: "\n") {
                guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
                marks[String(line[..<space])] = value
            }
            guard ["staging", "written", "synced", "published"].allSatisfy({ marks[$0] != nil }) else { return nil }
            self.marks = marks
        }

        private func mark(_ step: String) -> Double { marks[step] ?? 0 }

        /// Kill points by share of the attempts: 1 in 10 from the spawn (start-up, lock, removing an
        /// earlier run's leftovers), 3 after a random file is written, 2 during the sync, 3 after the
        /// sync (a last sync pass that finds nothing to flush, the swap, the fsync of the year folder,
        /// the removal of the old set, exit), 1 just after the run has published.
        func killPoint(_ attempt: Int, files: Int, using random: inout SeededRandom) -> KillPoint {
            func upTo(_ milliseconds: Double) -> Duration {
                .microseconds(Int(Double.random(in: 0...max(0.05, milliseconds), using: &random) * 1000))
            }
            switch attempt % 10 {
            case 0: return KillPoint(step: "", delay: upTo(mark("staging") + 2))
            case 1, 2, 3:
                let perFile = (mark("written") - mark("staging")) / Double(files)
                return KillPoint(step: "file \(Int.random(in: 0..<files, using: &random))", delay: upTo(perFile))
            case 4, 5: return KillPoint(step: "written", delay: upTo(mark("synced") - mark("written")))
            case 6, 7, 8: return KillPoint(step: "synced", delay: upTo(1.3 * (mark("published") - mark("synced"))))
            default: return KillPoint(step: "published", delay: upTo(1))
            }
        }

        var description: String {
            ["staging", "written", "synced", "published"].map { "\($0) at \(Int(mark($0))) ms" }.joined(separator: ", ")
        }
    }

    /// Checks manifest.json against the files beside it.
    static func checkManifest(_ set: [String: Data]) throws {
        let manifest = try #require(set["manifest.json"])
        let object = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
        let files = try #require(object["files"] as? [String: String])
        #expect(Set(files.keys) == Set(set.keys).subtracting(["manifest.json"]))
        for (name, hash) in files { #expect(Digest.sha256Hex([UInt8](set[name] ?? Data())) == hash, "\(name)") }
    }

    /// What a leftover folder holds, compared with the two sets; fails on anything else.
    static func describe(_ name: LeftoverName, _ content: [String: Data], old: [String: Data], new: [String: Data]) throws -> String {
        func matches(_ set: [String: Data]) -> Bool {
            // A file being written when the kill came is a prefix of its final bytes.
            content.allSatisfy { name, bytes in set[name].map { $0.starts(with: bytes) } ?? false }
        }
        let what: String
        if content == new {
            what = "the whole new set"
        } else if content.isEmpty {
            what = "nothing"
        } else if content == old {
            what = "the whole old set (swapped out, not yet removed)"
        } else if content.allSatisfy({ old[$0.key] == $0.value }) {
            what = "part of the old set (being removed)"
        } else if matches(new) {
            what = "part of the new set"
        } else {
            Issue.record("\(name.text) holds files of neither set: \(content.keys.sorted().prefix(5))")
            what = "unexpected files"
        }
        return "\(name.kind == .staging ? "staging" : "aside") folder holds \(what)"
    }
}
