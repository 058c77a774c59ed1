import FoundationEssentials

/// Turns workbooks into PDF with LibreOffice (headless), the way an officer attaches them to a memo:
/// TH Sarabun New drawn as Laksaman (fonts-thai-tlwg, the same metrics) and embedded in the PDF.
public enum LibreOfficePDF {
    /// Where LibreOffice is, when it is installed.
    public static func soffice() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":").map(String.init) + ["/usr/lib/libreoffice/program"] {
            let candidate = dir + "/soffice"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The fontconfig file that maps TH Sarabun New (not packaged by Debian) to Laksaman.
    static let fontsConf = """
    <?xml version="1.0"?>
    <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
    <fontconfig>
      <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
      <alias binding="same"><family>TH Sarabun New</family><prefer><family>Laksaman</family></prefer></alias>
      <alias binding="same"><family>TH SarabunPSK</family><prefer><family>Laksaman</family></prefer></alias>
    </fontconfig>

    """

    /// Converts each workbook to a PDF of the same name in `folder`.
    public static func convert(_ workbooks: [String], into folder: String) throws(IOFailure) {
        guard !workbooks.isEmpty else { return }
        guard let soffice = soffice() else {
            throw IOFailure(.tool, "--pdf", "LibreOffice is not installed: apt-get install libreoffice-calc-nogui fonts-thai-tlwg (or leave out --pdf)")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kpi-report-pdf-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        do {
            try FileManager.default.createDirectory(atPath: scratch + "/profile", withIntermediateDirectories: true)
            try fontsConf.write(toFile: scratch + "/fonts.conf", atomically: true, encoding: .utf8)
        } catch {
            throw IOFailure(.tool, "--pdf", path: scratch, "cannot prepare LibreOffice: \(error)")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["FONTCONFIG_FILE"] = scratch + "/fonts.conf"
        let finished: Subprocess.Finished
        do {
            finished = try Subprocess.run(soffice, ["-env:UserInstallation=file://" + scratch + "/profile", "--headless", "--norestore",
                                                    "--convert-to", "pdf", "--outdir", folder] + workbooks, environment: environment)
        } catch {
            throw IOFailure(.tool, "--pdf", path: soffice, "cannot start LibreOffice: \(error.message)")
        }
        for workbook in workbooks {
            var name = workbook.split(separator: "/").last.map(String.init) ?? workbook
            if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
            let pdf = folder + "/" + name + ".pdf"
            guard FileManager.default.fileExists(atPath: pdf) else {
                let said = String(decoding: finished.output, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? "no message"
                throw IOFailure(.tool, "--pdf", path: workbook, "LibreOffice made no PDF (status \(finished.status): \(said))")
            }
        }
    }
}
