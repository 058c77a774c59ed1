/// Every Thai text the product prints, in one table, worded as the official documents word it
/// (seed 000 agreement, seed 001 summary, seed 003 annex and projects).
public enum ThaiLabels {
    // MARK: Calendar

    /// Full month names, January first.
    public static let monthNames = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
                                    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
    /// Abbreviated month names, January first.
    public static let monthAbbreviations = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                                            "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]

    /// The calendar month (1…12) of a Thai month name or abbreviation (with or without its dots).
    public static func monthNumber(_ word: String) -> Int? {
        let bare = word.filter { $0 != "." }
        for (i, name) in monthNames.enumerated() where name == word { return i + 1 }
        for (i, abbr) in monthAbbreviations.enumerated()
        where abbr == word || abbr.filter({ $0 != "." }) == bare { return i + 1 }
        return nil
    }

    /// `พ.ศ. ๒๕๖๓` style year, in Thai digits.
    public static func buddhistYear(_ year: Int) -> String { ThaiDigits.thai(year) }

    // MARK: Rounds

    /// The round's name as the documents print it: `รอบ ๖ เดือน`, `รอบ ๑๒ เดือน`; quarters by the months
    /// they cover (seed 003 reports Q4 as `รอบ ๑๒ เดือน`), months by name.
    public static func roundName(_ round: Round) -> String {
        switch round.kind {
        case .halfYear, .quarter: return "รอบ \(ThaiDigits.thai(round.months)) เดือน"
        case .month: return "เดือน" + monthNames[(round.number + 8) % 12]
        }
    }

    /// The period a round covers, as seed 003 words it: `ตั้งแต่เดือนตุลาคม ๒๕๖๕ - เดือนกันยายน ๒๕๖๖`.
    public static func roundPeriod(_ round: Round, fiscalYear: Int) -> String {
        let end = round.periodEnd(fiscalYear: fiscalYear)
        return "ตั้งแต่เดือนตุลาคม \(ThaiDigits.thai(fiscalYear - 1)) - เดือน\(monthNames[end.month - 1]) \(ThaiDigits.thai(end.year + 543))"
    }

    /// A round with its period: `รอบ ๑๒ เดือน ตั้งแต่เดือนตุลาคม ๒๕๖๕ - เดือนกันยายน ๒๕๖๖`.
    public static func roundWithPeriod(_ round: Round, fiscalYear: Int) -> String {
        roundName(round) + " " + roundPeriod(round, fiscalYear: fiscalYear)
    }

    /// What the summary prints instead of a score when a round does not assess an indicator:
    /// `รายงานรอบ ๑๒ เดือน`.
    public static func reportedIn(_ round: Round) -> String { "รายงาน" + roundName(round) }

    // MARK: Workbook sheets

    /// Sheet names. Each fits Excel's 31-character limit and avoids `[]:*?/\`.
    public enum Sheet {
        public static let summary = "สรุปผลคะแนน"
        public static let agreement = "คำรับรอง"
        public static let annex = "ภาคผนวก"
        public static let overview = "ภาพรวม"
        public static let data = "ข้อมูลคะแนน"
        public static let projects = "โครงการ"
        public static let monitoring = "ติดตามรายรอบ"
    }

    // MARK: Summary (seed 001)

    /// Summary title: `สรุปผลคะแนน ตามคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๓`.
    public static func summaryTitle(fiscalYear: Int) -> String {
        "สรุปผลคะแนน ตามคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. \(buddhistYear(fiscalYear))"
    }
    public static let indicatorColumn = "ตัวชี้วัด"
    public static let detailColumn = "รายละเอียดตัวชี้วัด"
    public static let scoreColumn = "คะแนนที่ทำได้"
    public static let weightColumn = "น้ำหนัก"
    /// The total row: `คะแนนที่ได้รับตามคำรับรองฯ ประจำปีงบประมาณ พ.ศ. ๒๕๖๓`.
    public static func summaryTotal(fiscalYear: Int) -> String {
        "คะแนนที่ได้รับตามคำรับรองฯ ประจำปีงบประมาณ พ.ศ. \(buddhistYear(fiscalYear))"
    }
    public static let notesHeading = "หมายเหตุ"

    /// The note printed under the summary for one weight move, worded as seed 001:
    /// `ตัวชี้วัด ข้อ 7.1 … จะนำน้ำหนัก 2 ใส่ไว้ในข้อ 6.1 …`; a split move lists each part with its
    /// amount in brackets.
    public static func moveNote(from: (id: String, name: String), weight: String,
                                to parts: [(id: String, name: String, amount: String)]) -> String {
        var text = "ตัวชี้วัด ข้อ \(from.id) \(from.name) จะนำน้ำหนัก \(weight) "
        if parts.count == 1, let only = parts.first {
            text += "ใส่ไว้ในข้อ \(only.id) \(only.name)"
        } else {
            text += parts.enumerated().map { i, part in
                (i == 0 ? "ใส่ไว้ในข้อ " : "และนำไปใส่ไว้ในข้อ ") + "\(part.id) \(part.name) (\(part.amount))"
            }.joined(separator: " ")
        }
        return text
    }

    // MARK: Round working sheet

    /// Title of a round's working sheet.
    public static func workingTitle(round: Round, fiscalYear: Int) -> String {
        "ผลการดำเนินงานและการคำนวณคะแนน \(roundName(round)) ประจำปีงบประมาณ พ.ศ. \(buddhistYear(fiscalYear))"
    }
    public static let unitColumn = "หน่วยวัด"
    public static let methodColumn = "วิธีให้คะแนน"
    public static let targetColumn = "เป้าหมาย"
    public static let numeratorColumn = "ตัวตั้ง"
    public static let denominatorColumn = "ตัวหาร"
    public static let resultColumn = "ผลการดำเนินงาน"
    public static let ratioColumn = "ร้อยละเทียบเป้าหมาย"
    public static let levelColumn = "ระดับ"
    public static let rawScoreColumn = "คะแนนตามเกณฑ์"
    public static let dueColumn = "กำหนดส่ง"
    public static let reportedColumn = "วันที่รายงาน"
    public static let daysLateColumn = "ล่าช้า (วัน)"
    public static let penaltyRateColumn = "หักต่อวัน"
    public static let penaltyColumn = "คะแนนที่หัก"
    public static let finalScoreColumn = "คะแนนที่ได้"
    public static let baseWeightColumn = "น้ำหนักตามคำรับรอง"
    public static let movedOutColumn = "โอนออก"
    public static let movedInColumn = "รับโอน"
    public static let effectiveWeightColumn = "น้ำหนักสุทธิ"
    public static let weightedColumn = "คะแนนถ่วงน้ำหนัก"
    public static let scoringGroup = "การคำนวณคะแนน"
    public static let lateGroup = "การรายงานผล"
    public static let annexScoreColumn = "คะแนน (ทศนิยม ๒ ตำแหน่ง)"
    public static let totalRow = "รวม"
    public static let weightedTotal = "คะแนนเฉลี่ยถ่วงน้ำหนัก"
    public static let movesHeading = "การโอนน้ำหนักตัวชี้วัดที่ไม่ได้ประเมินในรอบนี้"
    public static let moveFromColumn = "จากข้อ"
    public static let moveToColumn = "ไปข้อ"
    public static let moveAmountColumn = "น้ำหนักที่โอน"

    /// How each method is named in the working sheet.
    public static func methodName(_ method: ScoringRule.Method, _ direction: Direction) -> String {
        switch (method, direction) {
        case (.threshold, .higher): return "เกณฑ์ ๕ ระดับ"
        case (.threshold, .lower): return "เกณฑ์ ๕ ระดับ (ค่าน้อยดี)"
        case (.targetRatio, .higher): return "ร้อยละเทียบเป้าหมาย"
        case (.targetRatio, .lower): return "ร้อยละเทียบเป้าหมาย (ค่าน้อยดี)"
        case (.level, _): return "ระดับความสำเร็จ"
        }
    }

    // MARK: Agreement (seed 000)

    /// `คำรับรองการปฏิบัติราชการประจำปีงบประมาณ พ.ศ. ๒๕๖๔ ของสำนักงานเลขานุการกรม`.
    public static func agreementTitle(fiscalYear: Int, division: String) -> String {
        "คำรับรองการปฏิบัติราชการประจำปีงบประมาณ พ.ศ. \(buddhistYear(fiscalYear)) ของ\(division)"
    }
    public static let agreementIndicatorColumn = "ตัวชี้วัดผลการปฏิบัติราชการ"
    public static let agreementWeightColumn = "น้ำหนัก (%)"
    public static func agreementTargetColumn(fiscalYear: Int) -> String {
        "เป้าหมาย ปี \(buddhistYear(fiscalYear))"
    }
    public static let criteriaColumn = "เกณฑ์การให้คะแนน"
    public static let remarkColumn = "หมายเหตุ"
    public static let groupBullet = "● "
    /// Remark for a row whose criteria apply only in some rounds (seed 004).
    public static func criteriaFor(_ rounds: [Round]) -> String {
        "เกณฑ์" + rounds.map(roundName).joined(separator: ", ")
    }

    // MARK: Annex (seed 003)

    /// Title of a division's annex.
    public static func annexTitle(fiscalYear: Int, division: String) -> String {
        "ค่าคะแนนวัดผลสำเร็จตัวชี้วัดของ\(division) ประจำปีงบประมาณ พ.ศ. \(buddhistYear(fiscalYear))"
    }
    public static let sequenceColumn = "ลำดับ"
    public static let annexResultColumn = "ผลดำเนินงาน"
    public static let annexRatioColumn = "เทียบร้อยละ ผลกับเป้าหมาย"
    public static func bandColumn(_ level: Int, thaiDigits: Bool) -> String {
        "ค่าคะแนน " + (thaiDigits ? ThaiDigits.thai(level) : String(level))
    }
    /// The band each annex column stands for, as seed 003 prints it: `60-69.99%` … `100%` (in Thai
    /// digits when the workbook shows Thai digits).
    public static func bandRange(_ level: Int, thaiDigits: Bool) -> String {
        let floor = 50 + 10 * level
        let text = level == 5 ? "100%" : "\(floor)-\(floor + 9).99%"
        return thaiDigits ? ThaiDigits.toThai(text) : text
    }
    public static let bandValueColumn = "ค่าคะแนน"
    public static let bandLevelColumn = "อยู่ในช่วงคะแนน"
    public static let fullScoreColumn = "คะแนนเต็ม"
    public static let actualScoreColumn = "คะแนนจริง ที่ได้ตามช่วงระดับ"
    /// The group subtotal row: `ผลการขับเคลื่อน<group> จำนวน ๖ ตัวชี้วัด`.
    public static func groupSubtotal(_ group: String, count: Int) -> String {
        "ผลการขับเคลื่อน\(joined(group)) จำนวน \(ThaiDigits.thai(count)) ตัวชี้วัด"
    }
    /// The group percentage row.
    public static func groupPercent(_ group: String) -> String {
        "ผลสำเร็จของการขับเคลื่อน\(joined(group)) คิดเทียบเป็นร้อยละ (C) = (A) × ๑๐๐ / (B)"
    }
    /// A heading glued to a Thai word: Thai text follows directly, anything else after a space.
    private static func joined(_ heading: String) -> String {
        guard let first = heading.unicodeScalars.first, (0x0E01...0x0E5B).contains(first.value) else { return " " + heading }
        return heading
    }
    /// The overall rows.
    public static func overallSubtotal(count: Int) -> String {
        "ผลการขับเคลื่อนตัวชี้วัดทั้งหมด จำนวน \(ThaiDigits.thai(count)) ตัวชี้วัด (ผลรวมของ (B) และ (A))"
    }
    public static let overallPercent = "ผลสำเร็จของการขับเคลื่อนตัวชี้วัดทั้งหมด คิดเทียบเป็นร้อยละ (C) = (A) × ๑๐๐ / (B)"

    // MARK: Department workbook (seed 003)

    /// Overview title.
    public static func overviewTitle(fiscalYear: Int, department: String) -> String {
        "ผลคะแนนตามคำรับรองการปฏิบัติราชการของหน่วยงาน\(department.isEmpty ? "" : "ในสังกัด" + department) ประจำปีงบประมาณ พ.ศ. \(buddhistYear(fiscalYear))"
    }
    public static let divisionIDColumn = "รหัส"
    public static let overviewScores = "คะแนนรวม"
    public static let meanRow = "ค่าเฉลี่ย"
    public static let noDivisions = "ไม่มีข้อมูลของหน่วยงานในรอบนี้"
    /// The department workbook's title (document properties).
    public static func departmentTitle(fiscalYear: Int, department: String) -> String {
        "รายงานผลการดำเนินงาน\(department) ประจำปีงบประมาณ พ.ศ. \(buddhistYear(fiscalYear))"
    }
    public static let divisionColumn = "หน่วยงาน"
    public static let rankColumn = "ลำดับที่"
    public static let changeColumn = "เปลี่ยนแปลงจากรอบก่อน"
    public static let chartTitle = "คะแนนรวมของหน่วยงาน"
    public static let roundColumn = "รอบ"
    public static let dataTitle = "ข้อมูลคะแนนรายตัวชี้วัด (ใช้คำนวณภาพรวม)"

    /// Projects title.
    public static func projectsTitle(fiscalYear: Int) -> String {
        "ผลสำเร็จการขับเคลื่อนโครงการตามแผนปฏิบัติการรายปี (พ.ศ. \(buddhistYear(fiscalYear)))"
    }
    public static let projectColumn = "โครงการ"
    public static let responsibleColumn = "หน่วยงานรับผิดชอบหลัก"
    public static let budgetColumn = "งบประมาณ (บาท)"
    public static let disbursedColumn = "ผลเบิกจ่าย (บาท)"
    public static let progressHeading = "ระดับค่าคะแนน"
    public static func progressColumn(_ level: Int) -> String {
        switch level {
        case 0: return "ยังไม่ได้ดำเนินการ ร้อยละ ๐"
        case 100: return "ดำเนินการเรียบร้อยแล้ว ร้อยละ ๑๐๐"
        default: return "อยู่ระหว่างดำเนินการ ร้อยละ \(ThaiDigits.thai(level))"
        }
    }
    public static let noBudget = "ไม่ใช้งบประมาณ"
    /// What a cell shows for an indicator the round assesses but nobody reported.
    public static let noResult = "ไม่มีผลการดำเนินงาน"
    /// The legend under the projects table (seed 003): what each progress level means.
    public static let progressLegend: [(level: Int, meaning: String)] = [
        (0, "ยังไม่ได้ดำเนินการ (เป็นโครงการที่ยังไม่ได้ขออนุมัติโครงการ / ยังไม่มีการแต่งตั้งคณะทำงานหรือคณะกรรมการเพื่อดำเนินการโครงการ)"),
        (25, "เริ่มดำเนินการ (กรณีโครงการที่ต้องใช้งบประมาณต้องผ่านการขออนุมัติโครงการ กรณีโครงการที่ไม่ต้องใช้งบประมาณต้องเริ่มมีการศึกษาแนวทาง วิเคราะห์ข้อมูลเพื่อประกอบการจัดทำโครงการ)"),
        (50, "ดำเนินการแล้วแต่ยังไม่สามารถวัดผลตัวชี้วัดได้ (เป็นโครงการที่อยู่ระหว่างดำเนินการบางส่วน หรือดำเนินการโครงการได้ตามแผนที่กำหนดไว้)"),
        (75, "ดำเนินการแล้วและผลดำเนินการสอดคล้องกับตัวชี้วัด (เป็นโครงการที่ดำเนินการได้เกินกึ่งหนึ่งตามแผนและสามารถวัดผลตัวชี้วัดได้)"),
        (100, "ดำเนินการแล้วและบรรลุเป้าหมายตัวชี้วัด (เป็นโครงการที่ดำเนินการบรรลุเป้าหมายแล้ว)"),
    ]
    /// One legend line: `ค่าคะแนน ๒๕ หมายถึง เริ่มดำเนินการ …`.
    public static func progressLegendLine(_ level: Int, _ meaning: String) -> String {
        "ค่าคะแนน \(ThaiDigits.thai(level)) หมายถึง \(meaning)"
    }
    /// The note for projects marked `*` (seed 003).
    public static func starredProjectsNote(department: String) -> String {
        "หมายเหตุ : * หมายถึง โครงการที่ใช้เงินค่าธรรมเนียมงบประมาณของ\(department.isEmpty ? "กรม" : department)ดำเนินการ"
    }
    public static let projectScoreSum = "รวมค่าคะแนนจากการดำเนินโครงการ"
    public static let projectCountLabel = "จำนวนโครงการทั้งหมด (โครงการ)"
    public static let progressByRound = "ระดับค่าคะแนนความก้าวหน้าของโครงการรายรอบ"
    /// The monitoring column of an annex: `ผลสำเร็จ (ร้อยละ) <title>`.
    public static func monitoringAnnex(_ title: String) -> String { "ผลสำเร็จ (ร้อยละ) " + title }
    public static let projectSuccess = "ร้อยละความสำเร็จของการดำเนินโครงการ"
    public static let projectSuccessMethod = "วิธีคำนวณ: ผลรวมค่าคะแนนแต่ละโครงการ × ๑๐๐ / ผลรวมของค่าคะแนนทั้งหมด (๑๐๐ × จำนวนโครงการ)"

    /// Monitoring title.
    public static func monitoringTitle(fiscalYear: Int) -> String {
        "การติดตามและประเมินผลรายรอบ ประจำปีงบประมาณ พ.ศ. \(buddhistYear(fiscalYear))"
    }
    public static let monitoringRoundColumn = "ครั้งที่"
    public static let monitoringPeriodColumn = "ช่วงเวลาการติดตามและประเมินผล"
    public static let chartMonitoring = "ผลสำเร็จรายรอบ (ร้อยละ)"

    // MARK: Print

    /// Footer on every printed page: `หน้า 1 / 3` (the tool's own text: no input ever reaches a header
    /// or footer, where `&` starts a code).
    public static let pageFooter = "&Cหน้า &P / &N"
}

extension ThaiLabels {
    /// Heading of the per-round annex block on the department's working sheets.
    public static let annexRoundSummary = "ผลรวมตามภาคผนวกในรอบนี้ (ใช้ในการติดตามรายรอบ)"
    /// Column title of that block.
    public static let annexColumnTitle = "ภาคผนวก"
}

extension ThaiLabels {
    /// The bullet of a section heading in annexes and the projects table (seed 003).
    public static let sectionBullet = "◆ "
    /// Title of an annex named in the `annex` column: `ค่าคะแนนวัดผลสำเร็จ<title>`.
    public static func annexTitle(named title: String) -> String { "ค่าคะแนนวัดผลสำเร็จ" + title }
}

extension ThaiLabels {
    /// Projects title, as seed 003: `ผลสำเร็จการขับเคลื่อนโครงการตามแผนปฏิบัติการรายปี (พ.ศ. ๒๕๖๖) ของกรมบังคับคดี`.
    public static func projectsTitle(fiscalYear: Int, department: String) -> String {
        projectsTitle(fiscalYear: fiscalYear) + (department.isEmpty ? "" : " ของ" + department)
    }
    /// `ครั้งที่ ๑`.
    public static func monitoringTime(_ n: Int) -> String { "ครั้งที่ " + ThaiDigits.thai(n) }
    /// Where the overview's totals come from, for the officer who audits them.
    public static let overviewSource = "คะแนนรวมของแต่ละหน่วยงานนำมาจากเซลล์ชื่อ Total_<รอบ> ในแฟ้มของหน่วยงานนั้น (<รหัส>.xlsx) ในโฟลเดอร์เดียวกัน ลำดับที่ ค่าเปลี่ยนแปลง และค่าเฉลี่ย คำนวณด้วยสูตรในแผ่นงานนี้"
}
