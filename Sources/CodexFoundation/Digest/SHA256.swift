import CDigest
import Foundation

/// SHA-256 through OpenSSL's libcrypto when it can be opened (the CDigest target), else a portable
/// implementation; one hasher per file or blob, fed in blocks.
public final class SHA256 {
    /// A C context owned by this hasher alone and freed with it; never shared between threads.
    private let context: OpaquePointer

    /// - Parameter portable: use the portable implementation even where libcrypto is there (tests).
    public init(portable: Bool = false) {
        guard let context = cdigest_sha256_new(portable ? 1 : 0) else {
            fatalError("out of memory for a SHA-256 context")
        }
        self.context = context
    }

    deinit { cdigest_sha256_free(context) }

    /// "libcrypto" or "portable".
    public var implementation: String { String(cString: cdigest_sha256_implementation(context)) }

    public func update(data: some ContiguousBytes) {
        data.withUnsafeBytes { cdigest_sha256_update(context, $0.baseAddress, $0.count) }
    }

    /// The 32-byte digest; the hasher takes no more input after it.
    public func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBufferPointer { cdigest_sha256_final(context, $0.baseAddress) }
        return digest
    }

    public static func hash(data: some ContiguousBytes) -> [UInt8] {
        let hasher = SHA256()
        hasher.update(data: data)
        return hasher.finalize()
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, two digits a byte.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
