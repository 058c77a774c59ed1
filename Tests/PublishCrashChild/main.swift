// publish-crash-child: the publishing part of one monthly run, in a process of its own, so that
// PublisherTests can SIGKILL it at any instant and look at what is left on the disk.
//
//   publish-crash-child <outputs> <year> <round> <file count> <generation>
//
// Takes the exclusive lock (waiting), removes leftovers of killed runs, stages <file count> workbook
// stand-ins whose bytes depend only on (generation, index) plus a manifest.json of their SHA-256,
// syncs and publishes. It marks each step on standard output, unbuffered, with the milliseconds since
// it started: "staging", "file <index>", "written", "synced", "published", so that the test can aim
// its kills at a step rather than at a time (the machine's load moves the times, not the steps).
// Exit status as the command's: 0, 64 usage, 73 not published, 75 busy. KPI_REPORT_TEST_FAIL_AFTER
// applies.

import Glibc
import KPIReportIO
import SystemPackage

let start = ContinuousClock.now

func milliseconds() -> Int {
    let elapsed = ContinuousClock.now - start
    return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
}

/// The bytes of file `index` of `generation`: 512 B to 16 KiB of SplitMix64 output, so that each
/// generation's set differs from the other's in every file and in size.
func content(generation: UInt64, index: Int) -> [UInt8] {
    var state = generation &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index) &* 0xBF58_476D_1CE4_E5B9
    func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    let size = 512 + Int(next() % 16_000)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(size + 8)
    while bytes.count < size { withUnsafeBytes(of: next().littleEndian) { bytes.append(contentsOf: $0) } }
    return Array(bytes.prefix(size))
}

/// Writes through a reserved path, as libxlsxwriter does.
func writeReserved(_ path: String, _ bytes: [UInt8]) throws {
    let file = try FileDescriptor.open(FilePath(path), .writeOnly, options: [.create, .truncate], permissions: .ownerReadWrite)
    try file.closeAfter { _ = try file.writeAll(bytes) }
}

/// Marks a step; write(2) at once, since a kill discards whatever stdio would still be buffering.
func mark(_ step: String) {
    var text = step + " \(milliseconds())\n"
    text.withUTF8 { _ = Glibc.write(1, $0.baseAddress, $0.count) }
}

func fail(_ status: Int32, _ message: String) -> Never {
    var text = "publish-crash-child: " + message + "\n"
    text.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    exit(status)
}

let arguments = CommandLine.arguments
guard arguments.count == 6, let year = Int(arguments[2]), let count = Int(arguments[4]), let generation = UInt64(arguments[5]) else {
    fail(64, "usage: publish-crash-child <outputs> <year> <round> <file count> <generation>")
}
let outputs = arguments[1], round = arguments[3]

do throws(IOFailure) {
    let lock = try OutputLock(outputs: outputs, mode: .exclusive, wait: true)
    defer { lock.release() }
    _ = try Publisher.removeLeftovers(outputs: outputs, keep: [])
    let staging = try RoundStaging(outputs: outputs, year: year, round: round, key: RoundStaging.freshKey())
    mark("staging")
    do throws(IOFailure) {
        for index in 0..<count {
            let name = "unit-\(index).xlsx"
            let bytes = content(generation: generation, index: index)
            if index % 2 == 0 {
                try staging.write(name, bytes)
            } else {
                let path = try staging.reserve(name)
                do { try writeReserved(path, bytes) } catch { throw IOFailure(.output, "write", path: path, "\(error)") }
            }
            mark("file \(index)")
        }
        var manifest = "{\"generation\": \(generation), \"files\": {\n"
        let names = try staging.files()
        for (position, name) in names.enumerated() {
            let hash = try Digest.sha256Hex(file: staging.path + "/" + name)
            manifest += "  \"\(name)\": \"\(hash)\"" + (position + 1 < names.count ? ",\n" : "\n")
        }
        manifest += "}}\n"
        try staging.write("manifest.json", Array(manifest.utf8))
        mark("written")
        // Synced here as well as in publish (where it then finds nothing left to flush), so that the
        // "synced" mark comes just before the swap.
        try staging.sync()
        mark("synced")
        try Publisher.publish([staging])
        mark("published")
    } catch {
        staging.discard()
        throw error
    }
} catch {
    fail(error.kind == .busy ? 75 : 73, error.description)
}
