import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct SafetensorsFileTests {
    /// A safetensors file with one F32 tensor "w" of `shape`, holding 0, 1, 2, ...
    private static func file(shape: [Int], dropTrailingBytes: Int = 0, header: String? = nil) -> Data {
        let count = shape.reduce(1, *)
        var json =
            header
            ?? #"{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":\#(shape),"#
            + #""data_offsets":[0,\#(count * 4)]}}"#
        while json.utf8.count % 8 != 0 { json += " " }  // writers pad the header so tensors are aligned
        var data = Data()
        withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(Data(json.utf8))
        for value in 0..<count { withUnsafeBytes(of: Float(value)) { data.append(contentsOf: $0) } }
        return data.dropLast(dropTrailingBytes)
    }

    @Test func readsTensorWithCheckedShape() throws {
        // Given a valid file with a 2 × 3 tensor
        let directory = try TemporaryDirectory()
        let path = try directory.write("m.safetensors", Self.file(shape: [2, 3]))
        // When it is opened, then the tensor reads back in order with its shape
        let file = try SafetensorsFile(path: path)
        #expect(Array(try file.floats("w", shape: [2, 3])) == [0, 1, 2, 3, 4, 5])
        #expect(throws: CodexError.self) { try file.floats("w", shape: [3, 2]) }
        #expect(throws: CodexError.self) { try file.floats("missing", shape: [2, 3]) }
    }

    @Test func truncatedFileIsReportedAsCorrupt() throws {
        // Given a download cut short by 4 bytes
        let directory = try TemporaryDirectory()
        let path = try directory.write("m.safetensors", Self.file(shape: [2, 3], dropTrailingBytes: 4))
        // When it is opened, then a model error names the file and says what is wrong
        let error = try #require(throws: CodexError.self) { try SafetensorsFile(path: path) }
        #expect(error.kind == .model)
        #expect(error.message.contains(path) && error.message.contains("truncated"))
    }

    @Test(arguments: ["not json at all", #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,12]}}"#])
    func malformedHeaderIsReportedAsCorrupt(header: String) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("m.safetensors", Self.file(shape: [3], header: header))
        let error = try #require(throws: CodexError.self) { try SafetensorsFile(path: path) }
        #expect(error.kind == .model)
    }

    @Test func tinyFileIsReportedAsCorrupt() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("m.safetensors", Data([1, 2, 3]))
        let error = try #require(throws: CodexError.self) { try SafetensorsFile(path: path) }
        #expect(error.kind == .model)
    }
}
