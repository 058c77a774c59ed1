// kpi-bench: how fast the CSV adapter reads files, next to raw libcsv (Benchmarks/csv-raw.c).
//     kpi-bench FILE...       reads each file with CSVReader (one after another, one core) and prints MB/s.
import Foundation
import KPIReportIO

let files = Array(CommandLine.arguments.dropFirst())
guard !files.isEmpty else {
    FileHandle.standardError.write(Data("usage: kpi-bench FILE...\n".utf8))
    exit(2)
}
var bytes = 0, records = 0, fields = 0
let start = DispatchTime.now()
for file in files {
    let (table, diagnostics) = CSVReader.read(path: file, displayName: file)
    guard let table else {
        for d in diagnostics { print(d) }
        exit(1)
    }
    bytes += (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
    records += table.records.count + 1
    fields += table.records.reduce(table.header.count) { $0 + $1.fields.count }
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
print(String(format: "kpi-report reader: %.1f MB in %.3f s = %.1f MB/s (%d records, %d fields)",
             Double(bytes) / 1e6, seconds, Double(bytes) / 1e6 / seconds, records, fields))
