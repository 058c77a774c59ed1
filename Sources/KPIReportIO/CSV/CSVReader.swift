import Foundation
import KPIReportCore

/// True when a field holds nothing but spaces and tabs (cheap: no Foundation on the hot path).
private func isBlank(_ field: String) -> Bool {
    field.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
}

/// Reads a CSV file into a `CSVTable`: streams it in chunks (never holding the file twice), decides
/// its encoding (UTF-8, UTF-8 with BOM, Windows-874) unless told, strips the BOM, parses with libcsv in
/// strict mode and keeps each record's line. Problems come back as located diagnostics.
public enum CSVReader {
    /// Bytes read at a time.
    static let chunkSize = 1 << 20

    /// Reads `path`, naming it `displayName` in messages. On failure the table is nil and the
    /// diagnostics say why; warnings may come with a table.
    public static func read(path: String, displayName: String, encoding forced: TextEncoding? = nil) -> (CSVTable?, [Diagnostic]) {
        var diagnostics = Diagnostics()
        let file = SourceLocation(file: displayName)
        let input: ChunkedFile
        do throws(ChunkedFile.Failure) {
            input = try ChunkedFile(path: path, chunkSize: chunkSize)
        } catch {
            diagnostics.error(file, "cannot open the file: \(error.message)")
            return (nil, diagnostics.all)
        }

        // Pass 1: what is it? Stop as soon as the answer is certain.
        var sniffer = EncodingSniffer()
        do throws(ChunkedFile.Failure) {
            try input.forEachChunk { chunk in
                sniffer.feed(chunk)
                return forced == nil ? !sniffer.decided : sniffer.binary == nil
            }
        } catch {
            diagnostics.error(file, "cannot read the file: \(error.message)")
            return (nil, diagnostics.all)
        }
        let verdict = sniffer.verdict(endOfFile: !sniffer.decided)
        if case .binary(let byte, let line, _) = verdict {
            diagnostics.error(SourceLocation(file: displayName, line: line),
                              "this is not a CSV text file (byte 0x\(String(byte, radix: 16, uppercase: true)) is not a character); save it from Excel as CSV")
            return (nil, diagnostics.all)
        }
        let encoding: TextEncoding
        if let forced {
            if forced == .utf8 && !sniffer.validUTF8 {
                diagnostics.error(SourceLocation(file: displayName, line: sniffer.firstInvalidUTF8Line), "the file is not valid UTF-8 (it looks like \(sniffer.validCP874 ? "Windows-874/TIS-620; leave out --encoding or give --encoding cp874" : "binary data"))")
                return (nil, diagnostics.all)
            }
            if forced == .cp874 && !sniffer.validCP874 {
                diagnostics.error(SourceLocation(file: displayName, line: sniffer.firstInvalidCP874Line), "the file has bytes that are not Windows-874 characters (is it UTF-8? leave out --encoding)")
                return (nil, diagnostics.all)
            }
            encoding = forced
        } else {
            encoding = verdict == .cp874 ? .cp874 : .utf8
        }

        // Pass 2: parse.
        var header: [String]?
        var headerLine = 1
        var records: [CSVTable.Record] = []
        var widthProblems = 0
        do throws(ChunkedFile.Failure) {
            try input.rewind()
        } catch {
            diagnostics.error(file, "cannot read the file: \(error.message)")
            return (nil, diagnostics.all)
        }
        let parser: LibCSVParser
        do throws(LibCSVParser.SyntaxError) {
            parser = try LibCSVParser { line, fields in
                if header == nil {
                    if fields.allSatisfy(isBlank) { return }
                    header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
                    headerLine = line
                    return
                }
                // A row of empty cells (Excel writes them as ",,,,") is no row.
                if fields.allSatisfy(isBlank) { return }
                if let width = header?.count, fields.count > width, !fields[width...].allSatisfy(isBlank) {
                    widthProblems += 1
                    if widthProblems <= 20 {
                        diagnostics.error(SourceLocation(file: displayName, line: line, column: width + 1),
                                          "this row has \(fields.count) fields but the header has \(width) (is there a comma inside a value? put that value in double quotes)")
                    }
                    return
                }
                records.append(CSVTable.Record(line: line, fields: fields))
            }
        } catch {
            diagnostics.error(file, error.message)
            return (nil, diagnostics.all)
        }
        var first = true
        var converted: [UInt8] = []
        var syntaxError: LibCSVParser.SyntaxError?
        do throws(ChunkedFile.Failure) {
            try input.forEachChunk { raw in
                var bytes = raw
                if first, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                    bytes = UnsafeRawBufferPointer(rebasing: bytes[3...])
                }
                first = false
                do throws(LibCSVParser.SyntaxError) {
                    switch encoding {
                    case .utf8:
                        try parser.parse(bytes)
                    case .cp874:
                        converted.removeAll(keepingCapacity: true)
                        CP874.transcode(bytes, into: &converted)
                        let failure = converted.withUnsafeBytes { (utf8: UnsafeRawBufferPointer) -> LibCSVParser.SyntaxError? in
                            do throws(LibCSVParser.SyntaxError) { try parser.parse(utf8) } catch { return error }
                            return nil
                        }
                        if let failure { throw failure }
                    }
                } catch {
                    syntaxError = error
                }
                return syntaxError == nil
            }
        } catch {
            diagnostics.error(file, "cannot read the file: \(error.message)")
            return (nil, diagnostics.all)
        }
        if syntaxError == nil {
            do throws(LibCSVParser.SyntaxError) { try parser.finish() } catch { syntaxError = error }
        }
        if let error = syntaxError {
            diagnostics.error(SourceLocation(file: displayName, line: error.line, column: error.column), error.message)
            return (nil, diagnostics.all)
        }
        if widthProblems > 20 {
            diagnostics.error(file, "\(widthProblems - 20) more rows have more fields than the header")
        }
        guard let header else {
            diagnostics.error(SourceLocation(file: displayName, line: 1), "the file is empty (a header row is required)")
            return (nil, diagnostics.all)
        }
        if header.count == 1, header[0].contains(";") {
            diagnostics.error(SourceLocation(file: displayName, line: headerLine),
                              "the header has a single column holding \";\": the file seems to be separated by semicolons; save it as CSV with commas")
            return (nil, diagnostics.all)
        }
        if diagnostics.hasErrors { return (nil, diagnostics.all) }
        return (CSVTable(file: displayName, header: header, headerLine: headerLine, records: records), diagnostics.all)
    }
}
