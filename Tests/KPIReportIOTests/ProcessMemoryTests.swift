import KPIReportIO
import Testing

/// The allocator every program of the tool links: mimalloc in place of the C library's malloc.
struct ProcessMemoryTests {
    @Test("malloc is mimalloc's: what malloc hands out lies in mimalloc's regions")
    func mallocIsMimalloc() throws {
        let version = try #require(ProcessMemory.mimallocVersion, "malloc is not mimalloc's")
        #expect(version >= 200, "mimalloc \(version)")
    }

    @Test("the allocator's committed memory grows with what is held, and falls once it is freed and returned")
    func committedFollowsHeld() {
        ProcessMemory.returnFreePages()
        let before = ProcessMemory.allocatorCommittedBytes()
        // 8,192 blocks of 32 KB (256 MB), written so that they are really held: far more than the other
        // tests, running at the same time, take or give back meanwhile.
        let blocks = (0..<8192).map { _ in
            let block = UnsafeMutableRawPointer.allocate(byteCount: 32 * 1024, alignment: 16)
            block.initializeMemory(as: UInt8.self, repeating: 7, count: 32 * 1024)
            return block
        }
        let holding = ProcessMemory.allocatorCommittedBytes()
        #expect(holding - before >= 224 * 1024 * 1024, "committed \(before) → \(holding)")
        for block in blocks { block.deallocate() }
        ProcessMemory.returnFreePages()
        let after = ProcessMemory.allocatorCommittedBytes()
        #expect(holding - after >= 128 * 1024 * 1024, "committed \(holding) → \(after) after the blocks were freed")
    }
}
