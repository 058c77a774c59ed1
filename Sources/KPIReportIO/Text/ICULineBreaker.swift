import CICU
import KPIReportCore

/// Where LibreOffice may begin a new line in a cell: LibreOffice's own line-break rules run by ICU,
/// with ICU's Thai dictionary for the words of Thai (which has no spaces between them).
///
/// LibreOffice does not use ICU's default line rules for a Thai cell. The cell's complex-script language
/// is hi-IN unless the user's locale is a complex-script one, and for that (and for Latin text, en-US)
/// LibreOffice runs the rules of its i18npool `line.txt` (UAX #14 of Unicode 5, with `$dictionary` so
/// that ICU's dictionary engine breaks Thai). They differ from ICU 72's at hyphens and slashes between
/// Thai and digits. The rules below are those LibreOffice 7.4.7 ships compiled in libmergedlo.so
/// (read back from it), so the opportunities are LibreOffice's; TextMeasure adds what
/// `getLineBreak` does on top of them (slashes, chopping). Safe from several threads at once: the rules
/// are opened once (compiled ahead in Sources/CICU/line_rules.c), each call iterates on its own clone,
/// and the table of Thai runs already divided into words is read and written under a lock.
public struct ICULineBreaker: LineBreaker {
    private let engine: Engine

    /// The breaker, with LibreOffice's rules opened once per process.
    public init() { engine = Engine.shared }

    /// Nil when LibreOffice's rules are in use. Otherwise why not: ICU's default Thai line rules are
    /// used instead (the same dictionary; other breaks at slashes and hyphens), or, without them too,
    /// breaks after spaces only.
    public var problem: IOFailure? { engine.problem }

    /// True when LibreOffice's rules came compiled (Sources/CICU/line_rules.c) for the ICU this process
    /// runs, false when they were compiled at start.
    var usesEmbeddedRules: Bool { engine.usesEmbeddedRules }

    /// LibreOffice's rules compiled now, as line_rules.c must hold them (see `Engine.compiledRules`).
    static func compiledRules() -> (bytes: [UInt8], icu: String)? { Engine.compiledRules() }

    /// Offsets in Unicode scalars where a line may begin, ascending, without 0 and without the end
    /// (unless the text ends with a line feed).
    public func lineBreakOpportunities(in text: [Unicode.Scalar]) -> [Int] { engine.opportunities(in: text) }

    /// ICU's answer for the whole text in one pass, no run broken apart (what the answer above must equal).
    func wholeTextOpportunities(in text: [Unicode.Scalar]) -> [Int] { engine.whole(text) }

    /// Whether the engine takes a scalar for a Thai letter (a run of them is broken once).
    static func isThaiLetter(_ s: Unicode.Scalar) -> Bool { Engine.isThaiLetter(s) }

    /// Whether ICU gives a scalar the Line_Break class SA.
    static func isComplexContext(_ s: Unicode.Scalar) -> Bool { cicu_is_complex_context(s.value) != 0 }
}

/// The compiled rules: one ICU iterator that is never iterated, only cloned; this owns it and frees it
/// once (the shared engine lives as long as the process).
private final class Engine: @unchecked Sendable {
    // @unchecked: `template` is written once in init and afterwards only read by ubrk_clone, which ICU
    // allows from several threads on an iterator nobody iterates; `runWords`, `keptRuns` and `idle`
    // (clones, each used by one thread at a time) are read and written holding `known`.
    static let shared = Engine()

    private let template: OpaquePointer?
    let problem: IOFailure?
    /// True when the rules were opened from line_rules.c, not compiled in this process.
    let usesEmbeddedRules: Bool

    private init() {
        var status: Int32 = 0, line: Int32 = 0, offset: Int32 = 0
        // Compiled before (scripts/compile-line-rules) by this ICU: opened without compiling (about 30 ms,
        // on the path of every run).
        if let embedded = cicu_open_embedded_line_rules(&status) {
            if cicu_failure(status) == 0 {
                template = embedded
                problem = nil
                usesEmbeddedRules = true
                return
            }
            cicu_close(embedded)
        }
        usesEmbeddedRules = false
        if let compiled = Engine.compile(&status, &line, &offset) {
            template = compiled
            problem = nil
            return
        }
        let message = "\(String(cString: cicu_error_name(status))) at rule line \(line), offset \(offset)"
        if let fallback = cicu_open_line("th", &status), cicu_failure(status) == 0 {
            template = fallback
            problem = IOFailure(.tool, "compile LibreOffice's line-break rules", message + "; using ICU's Thai line rules")
        } else {
            template = nil
            problem = IOFailure(.tool, "compile LibreOffice's line-break rules", message + "; ICU's Thai line rules: "
                + String(cString: cicu_error_name(status)) + "; breaking after spaces only")
        }
    }

    /// LibreOffice's rules compiled from their text; nil on failure, with ICU's status and where.
    private static func compile(_ status: inout Int32, _ line: inout Int32, _ offset: inout Int32) -> OpaquePointer? {
        let rules = Array(libreOfficeLineRules.utf16)
        let compiled = cicu_open_rules(rules, Int32(rules.count), &line, &offset, &status)
        guard let compiled, cicu_failure(status) == 0 else {
            if let compiled { cicu_close(compiled) }
            return nil
        }
        return compiled
    }

    /// LibreOffice's rules compiled from their text now, in ICU's binary form, with the running ICU's
    /// version: what Sources/CICU/line_rules.c must hold (nil when they do not compile).
    static func compiledRules() -> (bytes: [UInt8], icu: String)? {
        var status: Int32 = 0, line: Int32 = 0, offset: Int32 = 0
        guard let compiled = compile(&status, &line, &offset) else { return nil }
        defer { cicu_close(compiled) }
        let length = cicu_binary_rules(compiled, nil, 0, &status)
        guard cicu_failure(status) == 0, length > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        _ = bytes.withUnsafeMutableBufferPointer { cicu_binary_rules(compiled, $0.baseAddress, length, &status) }
        guard cicu_failure(status) == 0 else { return nil }
        var version = [CChar](repeating: 0, count: 32)
        cicu_version(&version)
        return (bytes, String(decoding: version.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    deinit {
        if let template { cicu_close(template) }
        for iterator in idle { cicu_close(iterator) }
    }

    /// Clones of the template not in use, kept for the next text (a clone costs more than breaking a
    /// name); held under `known`. At most one per thread that has broken text at once.
    private var idle: [OpaquePointer] = []

    /// An iterator of the rules to use alone, and to give back with `giveBack`.
    private func take(_ template: OpaquePointer, _ status: inout Int32) -> OpaquePointer? {
        if let kept = known.withLock({ idle.popLast() }) { return kept }
        return cicu_clone(template, &status)
    }

    private func giveBack(_ iterator: OpaquePointer) {
        known.withLock { idle.append(iterator) }
    }

    /// Where a line may begin in `text`, with each run of Thai letters broken into words once.
    ///
    /// ICU breaks a line in two passes. Its rules never break between two Thai letters (to them a run of
    /// Thai is one word of class SA); then, for each maximal run of Thai letters between two of the rules'
    /// breaks, the dictionary engine divides that run, reading nothing outside it. So the breaks of a
    /// paragraph are the rules' breaks over the paragraph with each run shortened to its first letter,
    /// plus each run's own breaks: and a run (ร้อยละการเบิกจ่ายงบประมาณ, ของหน่วยงานที่) recurs across a
    /// ministry's texts, so it is broken once. A test holds this to ICU's answer on the whole
    /// paragraph. Text with a letter of another script that ICU breaks by dictionary (Lao, Khmer,
    /// Myanmar…) is broken whole.
    func opportunities(in text: [Unicode.Scalar]) -> [Int] {
        guard problem == nil, text.count > 1 else { return whole(text) }
        var runs: [Range<Int>] = []
        runs.reserveCapacity(text.count / 8 + 2) // a Thai run is seldom shorter than a few letters
        var i = 0
        while i < text.count {
            if Engine.isThaiLetter(text[i]) {
                var j = i + 1
                while j < text.count && Engine.isThaiLetter(text[j]) { j += 1 }
                if j - i > 1 { runs.append(i..<j) }
                i = j
                continue
            }
            if text[i].value >= 0x0E80 && cicu_is_complex_context(text[i].value) != 0 { return whole(text) }
            i += 1
        }
        guard !runs.isEmpty else { return whole(text) }
        // The paragraph with each run as its first letter, and where each of its scalars came from.
        var short: [Unicode.Scalar] = []
        var origin: [Int] = []
        short.reserveCapacity(text.count)
        origin.reserveCapacity(text.count + 1)
        var next = 0
        for run in runs {
            for k in next..<run.lowerBound {
                short.append(text[k])
                origin.append(k)
            }
            short.append(text[run.lowerBound])
            origin.append(run.lowerBound)
            next = run.upperBound
        }
        for k in next..<text.count {
            short.append(text[k])
            origin.append(k)
        }
        origin.append(text.count)
        // The rules' breaks (never inside a run), and each run's words between them, in order.
        var out: [Int] = []
        out.reserveCapacity(text.count / 2 + 2)
        var r = 0
        for b in whole(short) {
            let at = origin[b]
            while r < runs.count && runs[r].lowerBound < at {
                for word in words(text[runs[r]]) { out.append(runs[r].lowerBound + word) }
                r += 1
            }
            out.append(at)
        }
        while r < runs.count {
            for word in words(text[runs[r]]) { out.append(runs[r].lowerBound + word) }
            r += 1
        }
        return out
    }

    /// A Thai letter, vowel or tone mark: Line_Break SA in the Thai block (the set ICU's Thai engine
    /// breaks; digits, ฿ and ๏ ๚ ๛ are not in it).
    static func isThaiLetter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v >= 0x0E01 && v <= 0x0E4E && !(v >= 0x0E3B && v <= 0x0E3F)
    }

    /// Breaks inside a run of Thai letters (offsets from its start), from ICU once per run and then from
    /// the table (bounded: emptied when full; the answers do not depend on it).
    private func words(_ run: ArraySlice<Unicode.Scalar>) -> [Int] {
        // Found by its folded hash and compared where it lies: a run is copied only the first time.
        let hash = run.withUnsafeBytes { FoldedHash.of($0) }
        let kept = known.withLock { () -> [Int]? in
            runWords[hash]?.first(where: { $0.scalars.elementsEqual(run) })?.words
        }
        if let kept { return kept }
        let scalars = Array(run)
        let found = whole(scalars)
        known.withLock {
            if keptRuns >= Engine.runsKept {
                runWords.removeAll(keepingCapacity: true)
                keptRuns = 0
            }
            runWords[hash, default: []].append((scalars, found))
            keptRuns += 1
        }
        return found
    }

    /// Runs of Thai kept with their breaks (a ministry's indicator texts share far fewer).
    static let runsKept = 20_000
    private let known = Lock()
    /// Runs of Thai letters with their breaks, by the runs' folded hash (`FoldedHash`).
    private var runWords: [UInt64: [(scalars: [Unicode.Scalar], words: [Int])]] = [:]
    private var keptRuns = 0

    /// ICU's breaks for the whole text at once.
    func whole(_ text: [Unicode.Scalar]) -> [Int] {
        guard let template, !text.isEmpty else { return SpaceLineBreaker().lineBreakOpportunities(in: text) }
        var status: Int32 = 0
        guard let iterator = take(template, &status), cicu_failure(status) == 0 else {
            return SpaceLineBreaker().lineBreakOpportunities(in: text)
        }
        defer { giveBack(iterator) }
        var utf16: [UInt16] = []
        utf16.reserveCapacity(text.count + 8)
        for s in text {
            if s.value < 0x10000 { utf16.append(UInt16(s.value)) } else { utf16.append(contentsOf: s.utf16) }
        }
        var offsets: [Int] = []
        offsets.reserveCapacity(text.count / 2 + 2)
        utf16.withUnsafeBufferPointer { buffer in
            cicu_set_text(iterator, buffer.baseAddress, Int32(buffer.count), &status)
            guard cicu_failure(status) == 0 else { return }
            // ICU counts UTF-16 units; walk the scalars alongside to answer in scalars.
            var scalars = text.makeIterator()
            var unit = 0
            var scalar = 0
            var boundary = Int(cicu_next(iterator))
            while boundary >= 0 && boundary < utf16.count {
                while unit < boundary, let s = scalars.next() {
                    unit += s.utf16.count
                    scalar += 1
                }
                if boundary > 0 { offsets.append(scalar) }
                boundary = Int(cicu_next(iterator))
            }
        }
        guard cicu_failure(status) == 0 else { return SpaceLineBreaker().lineBreakOpportunities(in: text) }
        if text.last == "\n" { offsets.append(text.count) }
        return offsets
    }

    /// LibreOffice 7.4.7's `line` break rules (i18npool/source/breakiterator/data/line.txt, derived from
    /// ICU's: Copyright (c) 2002-2006 International Business Machines Corporation and others), as ICU
    /// kept them in the compiled rules inside libmergedlo.so, one statement a line. One change: ICU
    /// shares a set between variables whose definitions read the same, and a set is the dictionary
    /// set only if the variable `$dictionary` owns it; compiled from this stripped text `$dictionary`
    /// and `$SA` would share one set and Thai would not reach the dictionary. The spaces in the
    /// definition of `$dictionary` (as in LibreOffice's source) keep it apart.
    private static let libreOfficeLineRules = #"""
        !!chain;
        !!LBCMNoChain;
        !!lookAheadHardBreak;
        $AI=[:LineBreak=Ambiguous:];
        $DG=\u00B0;
        $AL=[[:LineBreak=Alphabetic:]$DG];
        $BA=[:LineBreak=Break_After:];
        $BB=[:LineBreak=Break_Before:];
        $BK=[:LineBreak=Mandatory_Break:];
        $B2=[:LineBreak=Break_Both:];
        $CB=[:LineBreak=Contingent_Break:];
        $CJ=[:LineBreak=Conditional_Japanese_Starter:];
        $CL=[[:LineBreak=Close_Punctuation:][:LineBreak=Close_Parenthesis:]];
        $CM=[:LineBreak=Combining_Mark:];
        $CR=[:LineBreak=Carriage_Return:];
        $EX=[:LineBreak=Exclamation:];
        $GL=[:LineBreak=Glue:];
        $HL=[:LineBreak=Hebrew_Letter:];
        $HY=[:LineBreak=Hyphen:];
        $H2=[:LineBreak=H2:];
        $H3=[:LineBreak=H3:];
        $ID=[[:LineBreak=Ideographic:]-[\ufe30]];
        $IN=[:LineBreak=Inseparable:];
        $IS=[[:LineBreak=Infix_Numeric:][\ufe30]];
        $JL=[:LineBreak=JL:];
        $JV=[:LineBreak=JV:];
        $JT=[:LineBreak=JT:];
        $LF=[:LineBreak=Line_Feed:];
        $NL=[:LineBreak=Next_Line:];
        $NS=[[:LineBreak=Nonstarter:]$CJ];
        $NU=[:LineBreak=Numeric:];
        $OP=[[:LineBreak=Open_Punctuation:]-$DG];
        $PO=[:LineBreak=Postfix_Numeric:];
        $BS=\u005C;
        $PR=[[:LineBreak=Prefix_Numeric:]-$BS];
        $QU=[:LineBreak=Quotation:];
        $SA=[:LineBreak=Complex_Context:];
        $SG=[:LineBreak=Surrogate:];
        $SP=[:LineBreak=Space:];
        $SY=[[:LineBreak=Break_Symbols:]$BS];
        $WJ=[:LineBreak=Word_Joiner:];
        $XX=[:LineBreak=Unknown:];
        $ZW=[:LineBreak=ZWSpace:];
        $dictionary=[:LineBreak = Complex_Context:];
        $ALPlus=[$AL$AI$SA$SG$XX];
        $ALcm=$ALPlus$CM*;
        $BAcm=$BA$CM*;
        $BBcm=$BB$CM*;
        $B2cm=$B2$CM*;
        $CLcm=$CL$CM*;
        $EXcm=$EX$CM*;
        $GLcm=$GL$CM*;
        $HLcm=$HL$CM*;
        $HYcm=$HY$CM*;
        $H2cm=$H2$CM*;
        $H3cm=$H3$CM*;
        $IDcm=$ID$CM*;
        $INcm=$IN$CM*;
        $IScm=$IS$CM*;
        $JLcm=$JL$CM*;
        $JVcm=$JV$CM*;
        $JTcm=$JT$CM*;
        $NScm=$NS$CM*;
        $NUcm=$NU$CM*;
        $OPcm=$OP$CM*;
        $POcm=$PO$CM*;
        $PRcm=$PR$CM*;
        $QUcm=$QU$CM*;
        $SYcm=$SY$CM*;
        $WJcm=$WJ$CM*;
        !!forward;
        $ALPlus$CM+;
        $BA$CM+;
        $BB$CM+;
        $B2$CM+;
        $CL$CM+;
        $EX$CM+;
        $GL$CM+;
        $HL$CM+;
        $HY$CM+;
        $H2$CM+;
        $H3$CM+;
        $ID$CM+;
        $IN$CM+;
        $IS$CM+;
        $JL$CM+;
        $JV$CM+;
        $JT$CM+;
        $NS$CM+;
        $NU$CM+;
        $OP$CM+;
        $PO$CM+;
        $PR$CM+;
        $QU$CM+;
        $SY$CM+;
        $WJ$CM+;
        $CAN_CM=[^$SP$BK$CR$LF$NL$ZW$CM];
        $CANT_CM=[$SP$BK$CR$LF$NL$ZW$CM];
        $AL_FOLLOW_NOCM=[$BK$CR$LF$NL$ZW$SP];
        $AL_FOLLOW_CM=[$CL$EX$HL$IS$SY$WJ$GL$QU$BA$HY$NS$IN$NU$ALPlus$OP];
        $AL_FOLLOW=[$AL_FOLLOW_NOCM$AL_FOLLOW_CM];
        $LB4Breaks=[$BK$CR$LF$NL];
        $LB4NonBreaks=[^$BK$CR$LF$NL];
        $CR$LF{100};
        $LB4NonBreaks?$LB4Breaks{100};
        $CAN_CM$CM*$LB4Breaks{100};
        $CM+$LB4Breaks{100};
        $LB4NonBreaks[$SP$ZW];
        $CAN_CM$CM*[$SP$ZW];
        $CM+[$SP$ZW];
        $LB8Breaks=[$LB4Breaks$ZW];
        $LB8NonBreaks=[[$LB4NonBreaks]-[$ZW]];
        $CAN_CM$CM+;
        $CM+;
        $CAN_CM$CM*$WJcm;
        $LB8NonBreaks$WJcm;
        $CM+$WJcm;
        $WJcm[^$CAN_CM];
        $WJcm$CAN_CM$CM*;
        [$LB8NonBreaks-$SP]$CM*$GLcm;
        $CM+$GLcm;
        $GLcm($LB8Breaks|$SP);
        $GLcm[$LB8NonBreaks-$SP]$CM*;
        $LB8NonBreaks$CL;
        $CAN_CM$CM*$CL;
        $CM+$CL;
        $LB8NonBreaks$EX;
        $CAN_CM$CM*$EX;
        $CM+$EX;
        $LB8NonBreaks$IS;
        $CAN_CM$CM*$IS;
        $CM+$IS;
        $LB8NonBreaks$SY;
        $CAN_CM$CM*$SY;
        $CM+$SY;
        $OPcm$SP*$CAN_CM$CM*;
        $OPcm$SP*$CANT_CM;
        $OPcm$SP+$CM+$AL_FOLLOW?;
        $CLcm$SP*$NScm;
        $B2cm$SP*$B2cm;
        $LB18NonBreaks=[$LB8NonBreaks-[$SP]];
        $LB18Breaks=[$LB8Breaks$SP];
        $LB18NonBreaks$CM*$QUcm;
        $CM+$QUcm;
        $QUcm.?;
        $QUcm$LB18NonBreaks$CM*;
        $LB20NonBreaks=[$LB18NonBreaks-$CB];
        $LB20NonBreaks$CM*($BAcm|$HYcm|$NScm);
        $BBcm[^$CB];
        $BBcm$LB20NonBreaks$CM*;
        $HLcm($HYcm|$BAcm)[^$CB]?;
        ($ALcm|$HLcm)$INcm;
        $CM+$INcm;
        $IDcm$INcm;
        $INcm$INcm;
        $NUcm$INcm;
        $IDcm$POcm;
        $ALcm$NUcm;
        $HLcm$NUcm;
        $CM+$NUcm;
        $NUcm$ALcm;
        $NUcm$HLcm;
        $PRcm$IDcm;
        $ALcm$PRcm;
        $PRcm($ALcm|$HLcm);
        $POcm($ALcm|$HLcm);
        ($PRcm|$POcm)?($OPcm)?$NUcm($NUcm|$SYcm|$IScm)*$CLcm?($PRcm|$POcm)?;
        $JLcm($JLcm|$JVcm|$H2cm|$H3cm);
        ($JVcm|$H2cm)($JVcm|$JTcm);
        ($JTcm|$H3cm)$JTcm;
        ($JLcm|$JVcm|$JTcm|$H2cm|$H3cm)$INcm;
        ($JLcm|$JVcm|$JTcm|$H2cm|$H3cm)$POcm;
        $PRcm($JLcm|$JVcm|$JTcm|$H2cm|$H3cm);
        ($ALcm|$HLcm)($ALcm|$HLcm);
        $CM+($ALcm|$HLcm);
        $IScm($ALcm|$NUcm);
        ($ALcm|$HLcm|$NUcm)$OPcm;
        $CM+$OPcm;
        $CLcm($ALcm|$HLcm|$NUcm);
        !!reverse;
        $CM+$ALPlus;
        $CM+$BA;
        $CM+$BB;
        $CM+$B2;
        $CM+$CL;
        $CM+$EX;
        $CM+$GL;
        $CM+$HL;
        $CM+$HY;
        $CM+$H2;
        $CM+$H3;
        $CM+$ID;
        $CM+$IN;
        $CM+$IS;
        $CM+$JL;
        $CM+$JV;
        $CM+$JT;
        $CM+$NS;
        $CM+$NU;
        $CM+$OP;
        $CM+$PO;
        $CM+$PR;
        $CM+$QU;
        $CM+$SY;
        $CM+$WJ;
        $CM+;
        $AL_FOLLOW$CM+/([$BK$CR$LF$NL$ZW{eof}]|$SP+$CM+$SP|$SP+$CM*([^$OP$CM$SP]|[$AL{eof}]));
        [$PR]/$CM+[$BK$CR$LF$NL$ZW$SP{eof}];
        $LB4Breaks[$LB4NonBreaks-$CM];
        $LB4Breaks$CM+$CAN_CM;
        $LF$CR;
        [$SP$ZW][$LB4NonBreaks-$CM];
        [$SP$ZW]$CM+$CAN_CM;
        $CM+$CAN_CM;
        $CM*$WJ$CM*$CAN_CM;
        $CM*$WJ[$LB8NonBreaks-$CM];
        $CANT_CM$CM*$WJ;
        $CM*$CAN_CM$CM*$WJ;
        $CM*$GL$CM*[$LB8NonBreaks-$CM-$SP];
        $CANT_CM$CM*$GL;
        $CM*$CAN_CM$CM*$GL;
        $CL$CM+$CAN_CM;
        $EX$CM+$CAN_CM;
        $IS$CM+$CAN_CM;
        $SY$CM+$CAN_CM;
        $CL[$LB8NonBreaks-$CM];
        $EX[$LB8NonBreaks-$CM];
        $IS[$LB8NonBreaks-$CM];
        $SY[$LB8NonBreaks-$CM];
        [$CL$EX$IS$SY]$CM+$SP+$CM*$OP;
        $CM*$CAN_CM$SP*$CM*$OP;
        $CANT_CM$SP*$CM*$OP;
        $AL_FOLLOW?$CM+$SP$SP*$CM*$OP;
        $AL_FOLLOW_NOCM$CM+$SP+$CM*$OP;
        $CM*$AL_FOLLOW_CM$CM+$SP+$CM*$OP;
        $SY$CM$SP+$OP;
        $CM*$NS$SP*$CM*$CL;
        $CM*$B2$SP*$CM*$B2;
        $CM*$QU$CM*$CAN_CM;
        $CM*$QU$LB18NonBreaks;
        $CM*$CAN_CM$CM*$QU;
        $CANT_CM$CM*$QU;
        $CM*($BA|$HY|$NS)$CM*[$LB20NonBreaks-$CM];
        $CM*[$LB20NonBreaks-$CM]$CM*$BB;
        [^$CB]$CM*$BB;
        [^$CB]$CM*($HY|$BA)$CM*$HL;
        $CM*$IN$CM*($ALPlus|$HL);
        $CM*$IN$CM*$ID;
        $CM*$IN$CM*$IN;
        $CM*$IN$CM*$NU;
        $CM*$PO$CM*$ID;
        $CM*$NU$CM*($ALPlus|$HL);
        $CM*($ALPlus|$HL)$CM*$NU;
        $CM*$ID$CM*$PR;
        $CM*$PR$CM*$ALPlus;
        $CM*($ALPlus|$HL)$CM*$PR;
        $CM*($ALPlus|$HL)$CM*$PO;
        $CM*$ALPlus$CM*($IS|$SY|$HY)+/$SP;
        $CM*$NU+$CM*$HY+/$SP;
        ($CM*($PR|$PO))?($CM*$CL)?($CM*($NU|$IS|$SY))*$CM*$NU($CM*($OP))?($CM*($PR|$PO))?;
        $CM*($H3|$H2|$JV|$JL)$CM*$JL;
        $CM*($JT|$JV)$CM*($H2|$JV);
        $CM*$JT$CM*($H3|$JT);
        $CM*$IN$CM*($H3|$H2|$JT|$JV|$JL);
        $CM*$PO$CM*($H3|$H2|$JT|$JV|$JL);
        $CM*($H3|$H2|$JT|$JV|$JL)$CM*$PR;
        $CM*($ALPlus|$HL)$CM*($ALPlus|$HL);
        $CM*($NU|$ALPlus)$CM*$IS+[^$SP];
        $CM*$OP$CM*($ALPlus|$HL|$NU);
        $CM*($ALPlus|$HL|$NU)$CM*($CL|$SY)+[^$SP];
        !!safe_reverse;
        $CM+[^$CM$BK$CR$LF$NL$ZW$SP];
        $CM+$SP/.;
        $SP+$CM*$OP;
        $SP+$CM*$QU;
        $SP+$CM*$CL;
        $SP+$CM*$B2;
        $CM*($HY|$BA)$CM*$HL;
        ($CM*($IS|$SY))+$CM*$NU;
        $CL$CM*($NU|$IS|$SY);
        $dictionary$dictionary;
        !!safe_forward;
        [$CM$OP$QU$CL$B2$PR$HY$BA$SP$dictionary]+[^$CM$OP$QU$CL$B2$PR$HY$BA$dictionary];
        $dictionary$dictionary;
        """#
}
