import Foundation

/// Prints a command's result: the same `Encodable` value becomes text or JSON.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        var data = try encoder.encode(value)
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }

    static func text(_ string: String) {
        FileHandle.standardOutput.write(Data((string.hasSuffix("\n") ? string : string + "\n").utf8))
    }
}
