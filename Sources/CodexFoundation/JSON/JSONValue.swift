import Foundation

/// Any JSON value, decoded without a schema.
///
/// Providers deviate from their documented shapes (a `code` that is sometimes an int, sometimes a
/// string; fields missing or null), so their bodies are read into this type and picked apart with
/// the lenient accessors below instead of strict `Decodable` structs. Tool arguments and JSON
/// schemas use it too.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The member `key` of an object; nil for other values or a missing key.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The element at `index` of an array; nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// The text of a string; numbers and booleans are rendered, since servers mix them up (`"401"` vs `401`).
    public var stringValue: String? {
        switch self {
        case .string(let text): return text
        case .number(let number):
            if let integer = Int(exactly: number) { return String(integer) }
            return String(number)
        case .bool(let flag): return String(flag)
        default: return nil
        }
    }

    /// An integer from a number or a numeric string.
    public var intValue: Int? {
        switch self {
        case .number(let number): return Int(exactly: number.rounded(.towardZero))
        case .string(let text): return Int(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .number(let number): return number
        case .string(let text): return Double(text)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    public var isNull: Bool { self == .null }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let elements = try? container.decode([JSONValue].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number):
            // Integral values are written without a fraction so `26` stays `26`, not `26.0`.
            if let integer = Int64(exactly: number) {
                try container.encode(integer)
            } else {
                try container.encode(number)
            }
        case .string(let text): try container.encode(text)
        case .array(let elements): try container.encode(elements)
        case .object(let members): try container.encode(members)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
    /// Parses JSON text (UTF-8 bytes).
    /// - Throws: `CodexError` (kind `.provider`-neutral `.invalidInput`) when the bytes are not JSON.
    public static func parse(_ bytes: some Collection<UInt8>) throws(CodexError) -> JSONValue {
        let parsed: JSONValue? =
            bytes.withContiguousStorageIfAvailable { try? JSONParser.parse($0) }
            ?? Array(bytes).withUnsafeBufferPointer { try? JSONParser.parse($0) }
        guard let parsed else { throw CodexError.invalidJSON(String(decoding: bytes.prefix(120), as: UTF8.self)) }
        return parsed
    }

    public static func parse(_ text: String) throws(CodexError) -> JSONValue {
        var text = text
        let parsed = text.withUTF8 { try? JSONParser.parse($0) }
        guard let parsed else { throw CodexError.invalidJSON(String(text.prefix(120))) }
        return parsed
    }

    /// Compact JSON with sorted keys, so the same value always serialises to the same bytes.
    public var jsonBytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue cannot fail: every case maps to a JSON value (non-finite doubles aside).
        return (try? Array(encoder.encode(self))) ?? Array("null".utf8)
    }

    public var jsonString: String { String(decoding: jsonBytes, as: UTF8.self) }
}

extension CodexError {
    /// Text that should have been JSON was not; `excerpt` is the start of it (never a secret: bodies only).
    public static func invalidJSON(_ excerpt: String) -> CodexError {
        CodexError(
            kind: .invalidInput, message: "expected JSON but got: \(excerpt)",
            hint: "check that the URL points at the right server")
    }
}
