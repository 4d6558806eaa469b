/// How a bundle is packed. Import recognises it from the first bytes, never from the file name,
/// because a renamed file must not switch the reader to a different parser.
public enum BundleFormat: String, Sendable, Codable, CaseIterable {
    case tarGz = "tar.gz"
    case tarZst = "tar.zst"
    case zip
    case json

    /// The format whose magic number starts `bytes`; nil for anything else (plain tar included).
    public static func detect(_ bytes: some Collection<UInt8>) -> BundleFormat? {
        let head = Array(bytes.prefix(4))
        if head.starts(with: [0x1F, 0x8B]) { return .tarGz }
        if head.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return .tarZst }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        // JSON: optional UTF-8 byte order mark and whitespace, then an object.
        let text = bytes.drop { [0xEF, 0xBB, 0xBF, 0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if text.first == UInt8(ascii: "{") { return .json }
        return nil
    }

    /// Whether the format is an archive read through libarchive.
    var isArchive: Bool { self != .json }
}
