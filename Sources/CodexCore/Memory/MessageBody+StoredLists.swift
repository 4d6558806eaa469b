import Foundation

extension MessageBody {
    /// A list column as every store keeps it: JSON text with sorted keys, NULL when empty.
    package static func storedList<T: Encodable>(_ list: [T]) throws -> String? {
        list.isEmpty ? nil : String(decoding: try storedListEncoder.encode(list), as: UTF8.self)
    }

    /// A list column read back (NULL is the empty list).
    package static func list<T: Decodable>(fromStored text: String?) throws -> [T] {
        try text.map { try storedListDecoder.decode([T].self, from: Data($0.utf8)) } ?? []
    }

    // Made once: a decoder or encoder per row dominated a 100k-message export.
    private static let storedListDecoder = JSONDecoder()
    private static let storedListEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()
}
