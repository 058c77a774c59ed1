import Foundation
import Testing
import TestSupport

/// A ministry spread over the nodes of a cluster: N processes with `--shard K/N` and a `--merge` step
/// give exactly the files one run gives.
@Suite(.serialized) struct ShardTests {
    func run(_ arguments: [String]) throws -> Shell.Output {
        try Shell.execute(Repository.executable, arguments)
    }

    /// Every file under a folder (the lock file aside), with its bytes.
    func files(_ folder: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder) where !path.hasSuffix(".kpi-report.lock") {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { out[path] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + path)) }
        }
        return out
    }

    @Test("3 shards and a merge give every byte of one run, on the sample and on 60 generated units",
          arguments: ["sample", "generated"])
    func shardsEqualOneRun(inputs kind: String) throws {
        var inputs = Repository.sampleInputs
        if kind == "generated" {
            inputs = Repository.temporaryFolder("gen") + "/in"
            _ = try Shell.run("/usr/bin/python3", [Repository.root.path + "/scripts/gen-units.py", inputs, "--units", "60"])
        }
        let single = Repository.temporaryFolder("single"), sharded = Repository.temporaryFolder("sharded")
        #expect(try run(["build", "--inputs", inputs, "--outputs", single, "-q"]).status == 0)
        for k in [2, 0, 1] {
            let shard = try run(["build", "--inputs", inputs, "--outputs", sharded, "--shard", "\(k)/3", "-q"])
            #expect(shard.status == 0, "shard \(k): \(shard.stderr)")
        }
        // Nothing is published before the merge.
        #expect(try files(sharded).keys.allSatisfy { $0.split(separator: "/").contains { $0.hasPrefix(".") } })
        let merge = try run(["build", "--inputs", inputs, "--outputs", sharded, "--merge", "-q"])
        #expect(merge.status == 0, "\(merge.stderr)")
        let a = try files(single), b = try files(sharded)
        #expect(a.keys.sorted() == b.keys.sorted())
        #expect(a.count >= (kind == "sample" ? 14 : 62))
        for (path, data) in a { #expect(b[path] == data, "\(path) differs") }
    }

    @Test("a merge before every shard has finished changes nothing and says which shard is missing")
    func mergeTooEarly() throws {
        let out = Repository.temporaryFolder("early")
        #expect(try run(["build", "--inputs", Repository.sampleInputs, "--outputs", out, "--shard", "0/2", "-q"]).status == 0)
        let merge = try run(["build", "--inputs", Repository.sampleInputs, "--outputs", out, "--merge", "-q"])
        #expect(merge.status == 73)
        #expect(merge.stderr.contains("shard 1/2 of this run has not finished"))
        #expect(!FileManager.default.fileExists(atPath: out + "/2563/R6"))
    }
}
