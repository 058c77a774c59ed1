import Testing
@testable import KPIReportCore

/// Sheet names follow Excel's rules whatever a group or unit is called.
@Suite struct SheetNamesTests {
    @Test("forbidden characters are replaced, names cut at 31 code points, duplicates numbered")
    func rules() {
        var names = SheetNames()
        #expect(names.claim("รอบ ๖ เดือน") == "รอบ ๖ เดือน")
        #expect(names.claim("แผน [1]: 2566/2567 *?\\") == "แผน _1__ 2566_2567 ___")
        let long = names.claim("ค่าคะแนนวัดผลสำเร็จตัวชี้วัดนโยบายกรมบังคับคดี ประจำปี")
        #expect(long.unicodeScalars.count == 31)
        #expect(names.claim("รอบ ๖ เดือน") == "รอบ ๖ เดือน (2)")
        #expect(names.claim("'quoted'") == "quoted")
        #expect(names.claim("") == "Sheet")
        let again = names.claim("ค่าคะแนนวัดผลสำเร็จตัวชี้วัดนโยบายกรมบังคับคดี ประจำปี")
        #expect(again.unicodeScalars.count == 31 && again.hasSuffix(" (2)") && again != long)
    }

    @Test("a sheet name in a formula is quoted unless it is a plain ASCII word")
    func quoting() {
        #expect(CellAddress.quotedSheet("Data") == "Data")
        #expect(CellAddress.quotedSheet("รอบ ๖ เดือน") == "'รอบ ๖ เดือน'")
        #expect(CellAddress.quotedSheet("it's") == "'it''s'")
        #expect(CellAddress.quotedSheet("2566") == "'2566'")
        #expect(CellAddress(row: 29, column: 27).on("รอบ ๖ เดือน") == "'รอบ ๖ เดือน'!AB30")
    }
}
