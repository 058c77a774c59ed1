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
        #expect(long.utf16.count == 31)
        #expect(names.claim("รอบ ๖ เดือน") == "รอบ ๖ เดือน (2)")
        #expect(names.claim("'quoted'") == "quoted")
        // A forbidden character with a combining mark after it (one Character) is replaced all the same.
        #expect(names.claim("ก/\u{0E31}ข") == "ก_\u{0E31}ข")
        // So is a leading or trailing apostrophe with a mark after it: a name may not begin or end with one.
        #expect(names.claim("'\u{0E48}ข'") == "\u{0E48}ข")
        // A character outside the Basic Multilingual Plane counts two towards the 31.
        #expect(names.claim(String(repeating: "𝐀", count: 20)).unicodeScalars.count == 15)
        #expect(names.claim("") == "Sheet")
        let again = names.claim("ค่าคะแนนวัดผลสำเร็จตัวชี้วัดนโยบายกรมบังคับคดี ประจำปี")
        #expect(again.utf16.count == 31 && again.hasSuffix(" (2)") && again != long)
    }

    @Test("a sheet name in a formula is quoted unless it is a plain ASCII word")
    func quoting() {
        #expect(Formula.quotedSheet("Data") == "Data")
        #expect(Formula.quotedSheet("รอบ ๖ เดือน") == "'รอบ ๖ เดือน'")
        #expect(Formula.quotedSheet("it's") == "'it''s'")
        // An apostrophe with a mark after it (one character to Swift) is still doubled, as Excel reads it.
        #expect(Formula.quotedSheet("ก'\u{E48}ข") == "'ก''\u{E48}ข'")
        #expect(Formula.quotedSheet("2566") == "'2566'")
        let other = SheetID(index: 1), here = SheetID(index: 0)
        #expect(Formula.cell(CellRef(other, 29, 27)).render(on: here, names: ["a", "รอบ ๖ เดือน"]) == "'รอบ ๖ เดือน'!AB30")
    }
}
