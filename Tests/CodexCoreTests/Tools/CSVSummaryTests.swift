import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct CSVSummaryTests {
    @Test func typesMissingValuesStatisticsAndTopValues() throws {
        // Given a CSV with quoted fields (a comma, a doubled quote, a line break), CRLF endings and gaps
        let dir = try TemporaryDirectory()
        let path = try dir.write(
            "sales.csv",
            "id,city,amount,paid,note\r\n"
                + "1,Paris,10.5,true,plain\r\n"
                + "2,\"Lyon, FR\",20,false,\"said \"\"hi\"\"\"\r\n"
                + "3,Paris,,true,\"two\nlines\"\r\n"
                + "4,Paris,30,NA,\r\n"
                + "5,Nice,39.5,false,x\r\n")

        // When summarised
        let summary = try CSVSummary.compute(path: path)

        // Then rows, types, gaps and figures are right
        #expect(summary.rows == 5)
        #expect(summary.raggedRows == 0)
        #expect(summary.columns.map(\.name) == ["id", "city", "amount", "paid", "note"])
        #expect(summary.columns.map(\.type) == ["integer", "text", "number", "boolean", "text"])
        let amount = summary.columns[2]
        #expect(amount.missing == 1)
        #expect(amount.minimum == 10.5 && amount.maximum == 39.5)
        #expect(amount.mean == 25)
        #expect(amount.median == 25)
        #expect(amount.medianIsExact)
        let city = summary.columns[1]
        #expect(city.topValues.first?.value == "Paris" && city.topValues.first?.count == 3)
        #expect(city.topValues.contains { $0.value == "Lyon, FR" })
        #expect(summary.columns[3].missing == 1)
        #expect(summary.columns[4].topValues.contains { $0.value == "said \"hi\"" })
        #expect(summary.columns[4].topValues.contains { $0.value == "two\nlines" })
        #expect(summary.sampleRows.count == 5)
        #expect(summary.sampleRows[1][1] == "Lyon, FR")
    }

    @Test func tsvAndRaggedRowsThroughTheTool() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("data.tsv", "name\tscore\nada\t3\nbob\t\ncyd\t9\textra\n")
        let registry = ToolRegistry(
            tools: ToolRegistry.builtins,
            context: ToolContext(roots: AllowedRoots([dir.path], workingDirectory: dir.path)))
        let result = await registry.run(ToolCall(name: "csv_summary", arguments: #"{"path":"data.tsv"}"#))
        #expect(!result.isError)
        #expect(result.output.text.hasPrefix("data.tsv: 3 rows, 2 columns, 1 rows with a different number of fields"))
        #expect(result.output.text.contains("- score (integer): 1 missing, min 3, max 9, mean 6, median 6"))
        #expect(result.output.data?["columns"]?[0]?["top_values"]?[0]?["value"] == "ada")
    }

    @Test func theMedianOfAManyValuedColumnIsEstimatedFromABoundedSample() throws {
        // Given more numbers than are kept for an exact median (0..<150000, median 74999.5)
        let dir = try TemporaryDirectory()
        let count = ColumnStats.exactMedianLimit + 50_000
        var text = "n\n"
        for value in 0..<count { text += "\(value)\n" }
        let path = try dir.write("big.csv", text)

        // When summarised
        let column = try #require(try CSVSummary.compute(path: path).columns.first)

        // Then min, max and mean are exact and the median is marked as an estimate near the truth
        #expect(column.minimum == 0 && column.maximum == Double(count - 1))
        #expect(column.mean == Double(count - 1) / 2)
        #expect(!column.medianIsExact)
        let median = try #require(column.median)
        #expect(abs(median - Double(count - 1) / 2) < Double(count) * 0.01)
    }
}
