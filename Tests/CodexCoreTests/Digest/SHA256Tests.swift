import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

@Suite("SHA-256")
struct SHA256Tests {
    /// FIPS 180-4 examples and the NIST long-message vector (a million "a").
    static let vectors: [(message: [UInt8], digest: String)] = [
        ([], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    @Test("both implementations give the published digests", arguments: [false, true])
    func publishedVectors(portable: Bool) {
        for vector in Self.vectors {
            let hasher = SHA256(portable: portable)
            hasher.update(data: vector.message)
            #expect(hasher.finalize().hexString == vector.digest)
        }
    }

    @Test func libcryptoIsUsedWhereItCanBeOpened() {
        #expect(SHA256().implementation == "libcrypto")
        #expect(SHA256(portable: true).implementation == "portable")
    }

    /// Every block boundary case (message lengths around 55, 56, 63, 64 bytes and pieces of any
    /// size) against coreutils' sha256sum, an implementation that is not ours.
    @Test("any split of any length matches sha256sum", arguments: [false, true])
    func matchesSha256sum(portable: Bool) throws {
        let folder = try TemporaryDirectory()
        var random = SeededRandom(seed: 180_4)
        for length in [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1_000, 65_537, 3 << 20] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let path = try folder.write("message-\(length)", Data(bytes))
            let hasher = SHA256(portable: portable)
            for piece in bytes.randomlySplit(into: 7, seed: UInt64(length)) { hasher.update(data: piece) }
            #expect(hasher.finalize().hexString == (try sha256sum(path)), "length \(length)")
        }
    }

    private func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }
}
