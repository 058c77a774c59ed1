import Foundation
import Testing
@testable import KPIReportIO
import TestSupport

/// Files appear whole or not at all: last month's workbook survives a run that fails half-way.
@Suite struct AtomicFileTests {
    struct Interrupted: Error {}

    @Test("a failure while writing leaves the old file as it was and no temporary file behind")
    func interrupted() throws {
        let folder = Repository.temporaryFolder("atomic")
        let path = folder + "/HRM.xlsx"
        try Data("last month".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: Interrupted.self) {
            try AtomicFile.write(path) { temporary in
                try Data("half of a new workbo".utf8).write(to: URL(fileURLWithPath: temporary))
                throw Interrupted()
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("last month".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["HRM.xlsx"])
    }

    @Test("a finished write replaces the file and creates missing folders")
    func replaces() throws {
        let folder = Repository.temporaryFolder("atomic")
        let path = folder + "/2566/Q4/manifest.json"
        try AtomicFile.write(path, data: Data("{}".utf8))
        try AtomicFile.write(path, data: Data("{\"round\":\"Q4\"}".utf8))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"round\":\"Q4\"}")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/2566/Q4") == ["manifest.json"])
    }

    @Test("SHA-256 of known vectors (FIPS 180-4)")
    func sha256() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
