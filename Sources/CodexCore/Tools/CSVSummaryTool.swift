import Foundation

/// Summarises a CSV or TSV file inside the allowed folders in one streaming pass.
public struct CSVSummaryTool: Tool {
    public let name = "csv_summary"
    public let summary =
        "Summarise a CSV/TSV file: rows, columns with types, missing values, min/max/mean/median, top values, sample rows."
    public let parameters: JSONValue = [
        "type": "object",
        "properties": ["path": ["type": "string", "description": "the CSV or TSV file"]],
        "required": ["path"],
        "additionalProperties": false,
    ]

    public init() {}

    public func run(_ arguments: JSONValue, in context: ToolContext) async throws -> ToolOutput {
        let requested = arguments["path"]?.stringValue ?? ""
        let path = try context.roots.resolve(requested)
        let summary = try await Task.detached { try CSVSummary.compute(path: path) }.value
        return ToolOutput(text: summary.text(name: context.roots.display(path)), data: summary.json)
    }
}

extension CSVSummary {
    /// The summary as the model and people read it.
    public func text(name: String) -> String {
        var lines = [
            "\(name): \(rows) rows, \(columns.count) columns"
                + (raggedRows > 0 ? ", \(raggedRows) rows with a different number of fields" : "")
        ]
        for column in columns {
            var line = "- \(column.name) (\(column.type)): \(column.missing) missing"
            if let minimum = column.minimum, let maximum = column.maximum, let mean = column.mean {
                line += ", min \(Self.format(minimum)), max \(Self.format(maximum)), mean \(Self.format(mean))"
                if let median = column.median {
                    line += ", median \(Self.format(median))\(column.medianIsExact ? "" : " (estimated)")"
                }
            }
            if !column.topValues.isEmpty {
                let top = column.topValues.map { "\($0.value) (\($0.count))" }.joined(separator: ", ")
                line += ", top: \(top)\(column.topValuesAreExact ? "" : " (approximate)")"
            }
            lines.append(line)
        }
        if !sampleRows.isEmpty {
            lines.append("sample rows:")
            lines += sampleRows.map { $0.joined(separator: String(delimiter)) }
        }
        return lines.joined(separator: "\n")
    }

    public var json: JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
        return [
            "rows": .number(Double(rows)), "ragged_rows": .number(Double(raggedRows)),
            "columns": .array(
                columns.map { column in
                    [
                        "name": .string(column.name), "type": .string(column.type),
                        "missing": .number(Double(column.missing)), "min": number(column.minimum),
                        "max": number(column.maximum), "mean": number(column.mean), "median": number(column.median),
                        "median_exact": .bool(column.medianIsExact),
                        "top_values": .array(
                            column.topValues.map { ["value": .string($0.value), "count": .number(Double($0.count))] }),
                    ]
                }),
            "sample_rows": .array(sampleRows.map { .array($0.map(JSONValue.string)) }),
        ]
    }

    static func format(_ value: Double) -> String {
        if value.rounded() == value && abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.4g", value)
    }
}
