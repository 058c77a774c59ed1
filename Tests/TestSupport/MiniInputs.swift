import Foundation

/// A small, sound inputs folder, and ways to break it one line at a time.
///
/// SEC R6: 1.1 scores 3.5 (92.5 between 90 and 95) with weight 60; 2.1 scores 4 with 30 + 10 moved
/// from 2.2 (assessed in R12 only): (3.5 × 60 + 4 × 40) / 100 = 3.7. HRM R6: 45/50 = 90 → 3.0, two
/// days late at 0.10 a day → 2.8.
public enum MiniInputs {
    public static let divisions = """
    division_id,name,short_name
    SEC,สำนักงานเลขานุการกรม,สล.
    HRM,กองบริหารทรัพยากรบุคคล,กบท.

    """
    public static let indicators = """
    division_id,indicator_id,name,unit,weight,method,direction,t1,t2,t3,t4,t5,target,rounds,group,redistribute_to,late_penalty,note
    SEC,1.1,ร้อยละความพึงพอใจของผู้รับบริการ,ร้อยละ,60,threshold,higher,80,85,90,95,100,90,R6;R12,มิติภายนอก,,,
    SEC,2.1,ระดับความสำเร็จการจัดทำแผน,ระดับ,30,level,,,,,,,3,R6;R12,มิติภายใน,,,
    SEC,2.2,ระดับความสำเร็จการเสนอขอรับรอง,ระดับ,10,level,,,,,,,3,R12,มิติภายใน,2.1,,
    HRM,1.1,ร้อยละของบุคลากรที่ได้รับการพัฒนา,ร้อยละ,100,threshold,higher,80,85,90,95,100,90,,,,0.10,

    """
    public static let results = """
    division_id,round,indicator_id,result,numerator,denominator,level,due_on,reported_on,note
    SEC,R6,1.1,92.5,,,,2020-04-15,2020-04-10,
    SEC,R6,2.1,,,,4,2020-04-15,2020-04-10,
    HRM,R6,1.1,,45,50,,2020-04-15,2020-04-17,

    """

    /// Writes the folder with `change` applied to the file texts (by file name; nil removes a file).
    public static func folder(_ change: (inout [String: String]) -> Void = { _ in }) -> String {
        var files = ["divisions.csv": divisions, "indicators.csv": indicators, "results.csv": results]
        change(&files)
        let folder = Repository.temporaryFolder("mini")
        for (name, text) in files {
            let path = folder + "/" + name
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        }
        return folder
    }

    /// Replaces line `line` (1-based) of a text.
    public static func replacing(_ text: String, line: Int, with new: String) -> String {
        var lines = text.components(separatedBy: "\n")
        lines[line - 1] = new
        return lines.joined(separator: "\n")
    }
}

/// A corpus of broken inputs: each case breaks one line of `MiniInputs` and names every message the
/// tool must print for it, in order. Every error is located at file:line(:column).
public enum BrokenInputs {
    /// (what, file, line, replacement, expected messages)
    public static let cases: [(String, String, Int, String, [String])] = [
        // Misspelt headers: read as absent, each would change the figures with no error.
        ("misspelt weight", "indicators.csv", 1,
         "division_id,indicator_id,name,unit,wieght,method,direction,t1,t2,t3,t4,t5,target,rounds,group,redistribute_to,late_penalty,note",
         ["indicators.csv:1:5: error: unknown column \"wieght\": did you mean \"weight\" (weight)? Correct the header; a misspelt column would be read as missing"]),
        ("misspelt result", "results.csv", 1, "division_id,round,indicator_id,resutl,numerator,denominator,level,due_on,reported_on,note",
         ["results.csv:1:4: error: unknown column \"resutl\": did you mean \"result\" (result)? Correct the header; a misspelt column would be read as missing"]),
        ("misspelt level", "results.csv", 1, "division_id,round,indicator_id,result,numerator,denominator,levle,due_on,reported_on,note",
         ["results.csv:1:7: error: unknown column \"levle\": did you mean \"level\" (level)? Correct the header; a misspelt column would be read as missing"]),
        ("misspelt rounds", "indicators.csv", 1,
         "division_id,indicator_id,name,unit,weight,method,direction,t1,t2,t3,t4,t5,target,rouns,group,redistribute_to,late_penalty,note",
         ["indicators.csv:1:14: error: unknown column \"rouns\": did you mean \"rounds\" (rounds)? Correct the header; a misspelt column would be read as missing"]),
        ("misspelt late_penalty", "indicators.csv", 1,
         "division_id,indicator_id,name,unit,weight,method,direction,t1,t2,t3,t4,t5,target,rounds,group,redistribute_to,late_penality,note",
         ["indicators.csv:1:17: error: unknown column \"late_penality\": did you mean \"late_penalty\" (late_penalty)? Correct the header; a misspelt column would be read as missing"]),
        ("reported for reported_on", "results.csv", 1, "division_id,round,indicator_id,result,numerator,denominator,level,due_on,reported,note",
         ["results.csv:1:9: error: unknown column \"reported\": did you mean \"reported_on\" (reported_on)? Correct the header; a misspelt column would be read as missing"]),
        ("misspelt Thai weight", "indicators.csv", 1,
         "division_id,indicator_id,name,unit,น้ำหนก,method,direction,t1,t2,t3,t4,t5,target,rounds,group,redistribute_to,late_penalty,note",
         ["indicators.csv:1:5: error: unknown column \"น้ำหนก\": did you mean \"น้ำหนัก\" (weight)? Correct the header; a misspelt column would be read as missing"]),
        // Rows of the wrong width.
        ("short results row", "results.csv", 3, "SEC,R6,2.1,,,,4",
         ["results.csv:3:7: error: this row has 7 fields but the header has 10 (is the row cut short?)"]),
        ("long results row", "results.csv", 2, "SEC,R6,1.1,92,5,,,,2020-04-15,2020-04-10,",
         ["results.csv:2:11: error: this row has 11 fields but the header has 10 (is there a comma inside a value? put that value in double quotes)"]),
        // Values.
        ("not a number", "results.csv", 2, "SEC,R6,1.1,92.5x,,,,2020-04-15,2020-04-10,",
         ["results.csv:2:4: error: result: \"92.5x\" is not a number (write e.g. 92.5, 92.5%, 1,880,000.00 or ๙๒.๕; - or empty for no value)"]),
        ("a result row with nothing in it", "results.csv", 2, "SEC,R6,1.1,,,,,2020-04-15,2020-04-10,",
         ["results.csv:2:4: error: no result for SEC 1.1 in R6: 1.1 is scored by threshold and needs result, or numerator and denominator; leave the row out if nothing was reported"]),
        ("a level given as a result", "results.csv", 3, "SEC,R6,2.1,4,,,,2020-04-15,2020-04-10,",
         ["results.csv:3:7: error: 2.1 is scored by level: give the assessed level (0–5) in the level column, not a result"]),
        ("unknown unit", "results.csv", 2, "SXC,R6,1.1,92.5,,,,2020-04-15,2020-04-10,",
         ["indicators.csv:2: warning: no result from SEC for 1.1 in R6 (fiscal year 2563): its cells show ไม่มีผลการดำเนินงาน and it scores 0",
          "results.csv:2:1: error: unknown unit \"SXC\" (not in divisions.csv)"]),
        ("unknown indicator", "results.csv", 2, "SEC,R6,1.9,92.5,,,,2020-04-15,2020-04-10,",
         ["indicators.csv:2: warning: no result from SEC for 1.1 in R6 (fiscal year 2563): its cells show ไม่มีผลการดำเนินงาน and it scores 0",
          "results.csv:2:3: error: unknown indicator 1.9 of SEC (not in indicators.csv)"]),
        ("unknown round", "results.csv", 3, "SEC,R7,2.1,,,,4,2020-04-15,2020-04-10,",
         ["results.csv:3:2: error: unknown round \"R7\" (R6, R12, Q1…Q4, M01…M12)"]),
        ("duplicate result", "results.csv", 3, "SEC,R6,1.1,90,,,,2020-04-15,2020-04-10,",
         ["indicators.csv:3: warning: no result from SEC for 2.1 in R6 (fiscal year 2563): its cells show ไม่มีผลการดำเนินงาน and it scores 0",
          "results.csv:3: error: a second result for SEC 1.1 in R6 (first on line 2)"]),
        ("level outside 0–5", "results.csv", 3, "SEC,R6,2.1,,,,5.5,2020-04-15,2020-04-10,",
         ["results.csv:3:7: error: level 5.5 is outside 0–5"]),
        ("denominator 0", "results.csv", 4, "HRM,R6,1.1,,45,0,,2020-04-15,2020-04-17,",
         ["results.csv:4:6: error: denominator is 0"]),
        ("ambiguous date", "results.csv", 4, "HRM,R6,1.1,,45,50,,4/15/2020,2020-04-17,",
         ["results.csv:4:8: error: due_on: \"4/15/2020\" is ambiguous (day/month or month/day?); write it as 2020-MM-DD or with a Buddhist-Era year, e.g. 7/2/2567"]),
        // Weights.
        ("weights do not sum to 100", "indicators.csv", 3, "SEC,2.1,ระดับความสำเร็จการจัดทำแผน,ระดับ,25,level,,,,,,,3,R6;R12,มิติภายใน,,,",
         ["indicators.csv:2:5: error: SEC R6: effective weights sum to 95, not 100 (fix the weights, or run with --allow-weight-gap)"]),
        ("weight lost: not assessed, no redistribute_to", "indicators.csv", 4, "SEC,2.2,ระดับความสำเร็จการเสนอขอรับรอง,ระดับ,10,level,,,,,,,3,R12,มิติภายใน,,,",
         ["indicators.csv:2:5: error: SEC R6: effective weights sum to 90, not 100 (2.2 is not assessed in R6 and has no redistribute_to) (fix the weights, or run with --allow-weight-gap)"]),
        ("blank weight in an agreement", "indicators.csv", 3, "SEC,2.1,ระดับความสำเร็จการจัดทำแผน,ระดับ,,level,,,,,,,3,R6;R12,มิติภายใน,,,",
         ["indicators.csv:3:5: error: weight is empty: every indicator of SEC's agreement needs a weight"]),
        ("move to an unknown indicator", "indicators.csv", 4, "SEC,2.2,ระดับความสำเร็จการเสนอขอรับรอง,ระดับ,10,level,,,,,,,3,R12,มิติภายใน,2.9,,",
         ["indicators.csv:4:16: error: indicator 2.2 moves its weight to 2.9, which SEC does not have"]),
        ("split that does not add up", "indicators.csv", 4, "SEC,2.2,ระดับความสำเร็จการเสนอขอรับรอง,ระดับ,10,level,,,,,,,3,R12,มิติภายใน,1.1:5;2.1:4,,",
         ["indicators.csv:4:16: error: redistribute_to moves 9 but indicator 2.2 weighs 10"]),
        // Rules.
        ("criteria not strictly monotonic (seed 000's OCR slip)", "indicators.csv", 2,
         "SEC,1.1,ร้อยละความพึงพอใจของผู้รับบริการ,ร้อยละ,60,threshold,higher,๘๐,๙๕,๙๐,๙๕,๑๐๐,90,R6;R12,มิติภายนอก,,,",
         ["indicators.csv:2:10: error: criteria of 1.1 are not strictly increasing: 80 95 90 95 100; t3 = 90 after t2 = 95"]),
        ("lower criteria that rise", "indicators.csv", 5, "HRM,1.1,ร้อยละข้อผิดพลาด,ร้อยละ,100,threshold,lower,2,4,6,8,10,5,,,,0.10,",
         ["indicators.csv:5:9: error: criteria of 1.1 are not strictly decreasing (direction lower): 2 4 6 8 10; t2 = 4 after t1 = 2"]),
        ("unknown method", "indicators.csv", 3, "SEC,2.1,ระดับความสำเร็จการจัดทำแผน,ระดับ,30,score,,,,,,,3,R6;R12,มิติภายใน,,,",
         ["indicators.csv:3:6: error: unknown method \"score\" (threshold, target_ratio or level)"]),
        ("indicator listed twice for the same round", "indicators.csv", 3, "SEC,1.1,ระดับความสำเร็จการจัดทำแผน,ระดับ,30,level,,,,,,,3,R6,มิติภายใน,,,",
         ["indicators.csv:3: error: indicator 1.1 of SEC is listed twice for the same round(s) (first on line 2); give each row its own rounds",
          "indicators.csv:4:16: error: indicator 2.2 moves its weight to 2.1, which SEC does not have",
          "results.csv:3:3: error: unknown indicator 2.1 of SEC (not in indicators.csv)"]),
        // Unit ids that cannot name a file.
        ("division id with a slash", "divisions.csv", 3, "HR/M,กองบริหารทรัพยากรบุคคล,กบท.",
         ["divisions.csv:3:1: error: division_id \"HR/M\" may hold only A-Z, a-z, 0-9, _ and - (it names the unit's workbook file)",
          "indicators.csv:5:1: error: unknown unit \"HRM\" (not in divisions.csv)",
          "results.csv:4:1: error: unknown unit \"HRM\" (not in divisions.csv)"]),
        ("duplicate division", "divisions.csv", 3, "SEC,กองบริหารทรัพยากรบุคคล,กบท.",
         ["divisions.csv:3:1: error: unit SEC is listed twice (first on line 2)",
          "indicators.csv:5:1: error: unknown unit \"HRM\" (not in divisions.csv)",
          "results.csv:4:1: error: unknown unit \"HRM\" (not in divisions.csv)"]),
        ("ids equal ignoring case", "divisions.csv", 3, "sec,กองบริหารทรัพยากรบุคคล,กบท.",
         ["divisions.csv:3:1: error: unit sec differs from SEC (line 2) only in upper/lower case; their files would collide on a Windows share",
          "indicators.csv:5:1: error: unknown unit \"HRM\" (not in divisions.csv)",
          "results.csv:4:1: error: unknown unit \"HRM\" (not in divisions.csv)"]),
        ("a Windows-reserved id", "divisions.csv", 3, "CON,กองบริหารทรัพยากรบุคคล,กบท.",
         ["divisions.csv:3:1: error: division_id \"CON\" is a name Windows reserves for a device; a file CON.xlsx cannot be opened on a Windows share",
          "indicators.csv:5:1: error: unknown unit \"HRM\" (not in divisions.csv)",
          "results.csv:4:1: error: unknown unit \"HRM\" (not in divisions.csv)"]),
        ("the reserved id department", "divisions.csv", 3, "department,กองบริหารทรัพยากรบุคคล,กบท.",
         ["divisions.csv:3:1: error: division_id \"department\" is reserved: the department's own workbook is department.xlsx",
          "indicators.csv:5:1: error: unknown unit \"HRM\" (not in divisions.csv)",
          "results.csv:4:1: error: unknown unit \"HRM\" (not in divisions.csv)"]),
        ("a 250-character id", "divisions.csv", 3, String(repeating: "H", count: 250) + ",กองบริหารทรัพยากรบุคคล,กบท.",
         ["divisions.csv:3:1: error: division_id is 250 characters long; at most 64 are allowed (it names the unit's workbook file)",
          "indicators.csv:5:1: error: unknown unit \"HRM\" (not in divisions.csv)",
          "results.csv:4:1: error: unknown unit \"HRM\" (not in divisions.csv)"]),
        ("a 40,000-character name", "divisions.csv", 3, "HRM," + String(repeating: "ก", count: 40_000) + ",กบท.",
         ["divisions.csv:3:2: error: this cell holds 40000 characters; a workbook cell holds at most 32767"]),
        ("missing required column", "results.csv", 1, "division_id,rnd,indicator_id,result,numerator,denominator,level,due_on,reported_on,note",
         ["results.csv:1: error: missing required column \"round\" (or \"รอบ\")",
          "results.csv:1:2: warning: unknown column \"rnd\" is ignored (columns of results.csv: year, division_id, round, indicator_id, result, numerator, denominator, level, due_on, reported_on, note)"]),
        ("a results file without result columns", "results.csv", 1, "division_id,round,indicator_id,value,amount,total,score,due_on,reported_on,note",
         ["results.csv:1: error: no result column: give \"result\", \"numerator\" and \"denominator\", or \"level\"",
          "results.csv:1:4: warning: unknown column \"value\" is ignored (columns of results.csv: year, division_id, round, indicator_id, result, numerator, denominator, level, due_on, reported_on, note)",
          "results.csv:1:5: warning: unknown column \"amount\" is ignored (columns of results.csv: year, division_id, round, indicator_id, result, numerator, denominator, level, due_on, reported_on, note)",
          "results.csv:1:6: warning: unknown column \"total\" is ignored (columns of results.csv: year, division_id, round, indicator_id, result, numerator, denominator, level, due_on, reported_on, note)",
          "results.csv:1:7: warning: unknown column \"score\" is ignored (columns of results.csv: year, division_id, round, indicator_id, result, numerator, denominator, level, due_on, reported_on, note)"]),
    ]
}
