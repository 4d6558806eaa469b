import Foundation
import NIOCore

/// The parts of a `multipart/form-data` body (RFC 7578): enough for file uploads from a browser
/// or `curl -F`. Everything is already in memory, bounded by the upload limit.
struct MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var data: [UInt8]
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    var parts: [Part]

    /// The boundary of a `multipart/form-data` content type; nil for any other type.
    static func boundary(of contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    init(body: ByteBuffer, boundary: String) {
        let bytes = Array(body.readableBytesView)
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [Part] = []
        var sections: [ArraySlice<UInt8>] = []
        var rest = bytes[...]
        while let range = rest.firstRange(of: delimiter) {
            sections.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        // The first section is the preamble; the last one ("--" and an epilogue) is not a part.
        for section in sections.dropFirst() {
            var section = section
            if section.starts(with: Array("\r\n".utf8)) { section = section.dropFirst(2) }
            guard let headEnd = section.firstRange(of: Array("\r\n\r\n".utf8)) else { continue }
            let head = String(decoding: section[..<headEnd.lowerBound], as: UTF8.self)
            var content = section[headEnd.upperBound...]
            if content.hasSuffix([13, 10]) { content = content.dropLast(2) }
            guard let disposition = head.split(separator: "\r\n").first(where: {
                $0.lowercased().hasPrefix("content-disposition:")
            }) else { continue }
            guard let name = Self.parameter("name", in: disposition) else { continue }
            parts.append(Part(name: name, filename: Self.parameter("filename", in: disposition), data: Array(content)))
        }
        self.parts = parts
    }

    func field(_ name: String) -> String? { parts.first { $0.name == name && $0.filename == nil }?.text }
    var files: [Part] { parts.filter { $0.filename != nil } }

    static func parameter(_ key: String, in header: Substring) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == key {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}

extension ArraySlice where Element == UInt8 {
    fileprivate func hasSuffix(_ suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self.suffix(suffix.count)) == suffix }
}
