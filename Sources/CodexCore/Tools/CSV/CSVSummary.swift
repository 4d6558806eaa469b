import Foundation

/// What `csv_summary` reports about a CSV or TSV file, computed in one streaming pass.
public struct CSVSummary: Sendable {
    public struct Column: Sendable {
        public var name: String
        public var type: String
        public var present: Int
        public var missing: Int
        public var minimum: Double?
        public var maximum: Double?
        public var mean: Double?
        public var median: Double?
        public var medianIsExact: Bool
        public var topValues: [(value: String, count: Int)]
        public var topValuesAreExact: Bool
    }

    public var rows: Int
    public var columns: [Column]
    /// Records with a different number of fields than the header.
    public var raggedRows: Int
    public var sampleRows: [[String]]
    public var delimiter: Character

    /// Reads `path` once. TSV when the name ends in .tsv/.tab or the header has tabs but no commas.
    public static func compute(path: String, sampleCount: Int = 5, topCount: Int = 5) throws -> CSVSummary {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CodexError.tool("`\(path)` cannot be read") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64 * 1024)) ?? Data()
        try handle.seek(toOffset: 0)
        let firstLine = head.prefix { $0 != UInt8(ascii: "\n") }
        let lowered = path.lowercased()
        let isTSV =
            lowered.hasSuffix(".tsv") || lowered.hasSuffix(".tab")
            || (firstLine.contains(UInt8(ascii: "\t")) && !firstLine.contains(UInt8(ascii: ",")))
        guard !head.contains(0) else { throw CodexError.tool("`\(path)` is a binary file, not CSV") }
        var visitor = SummaryVisitor(sampleCount: sampleCount)
        try CSVReader(handle: handle, delimiter: isTSV ? 0x09 : UInt8(ascii: ",")).read(into: &visitor)
        guard !visitor.header.isEmpty else { throw CodexError.tool("`\(path)` is empty") }
        let columns = visitor.stats.map { stats in
            Column(
                name: stats.name, type: stats.type, present: stats.present,
                missing: stats.missing + (visitor.rows - stats.present - stats.missing),
                minimum: stats.numbers > 0 ? stats.minimum : nil, maximum: stats.numbers > 0 ? stats.maximum : nil,
                mean: stats.numbers > 0 ? stats.sum / Double(stats.numbers) : nil, median: stats.median,
                medianIsExact: stats.medianIsExact, topValues: stats.topValues(topCount),
                topValuesAreExact: stats.distinctIsExact)
        }
        return CSVSummary(
            rows: visitor.rows, columns: columns, raggedRows: visitor.ragged, sampleRows: visitor.samples,
            delimiter: isTSV ? "\t" : ",")
    }
}

/// Feeds each field to its column's statistics; the first record is the header.
struct SummaryVisitor: CSVVisitor {
    let sampleCount: Int
    var header: [String] = []
    var stats: [ColumnStats] = []
    var rows = 0
    var ragged = 0
    var samples: [[String]] = []
    private var current: [String] = []
    private var inHeader = true

    init(sampleCount: Int) { self.sampleCount = sampleCount }

    mutating func field(_ column: Int, _ bytes: UnsafeBufferPointer<UInt8>) {
        if inHeader {
            header.append(String(decoding: ColumnStats.trim(bytes), as: UTF8.self))
            return
        }
        if column < stats.count { stats[column].add(bytes) }
        if samples.count < sampleCount { current.append(String(decoding: bytes, as: UTF8.self)) }
    }

    mutating func endRecord(fields: Int) -> Bool {
        if inHeader {
            inHeader = false
            stats = header.enumerated().map { ColumnStats(name: $1.isEmpty ? "column \($0 + 1)" : $1) }
            return true
        }
        rows += 1
        if fields != header.count { ragged += 1 }
        if samples.count < sampleCount {
            samples.append(current)
            current.removeAll()
        }
        return true
    }
}
