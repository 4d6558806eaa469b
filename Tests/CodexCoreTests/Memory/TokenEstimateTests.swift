import Testing

@testable import CodexCore
@testable import CodexSQLite

struct TokenEstimateTests {
    static let prose =
        "The signing key is rotated every ninety days. Generate a new key pair, publish the public key, switch "
        + "signing to it, wait for the grace period, then retire the old key. "
    static let swift = """
            public func route(_ endpoint: ProviderEndpoint, model requested: String?) async throws -> ModelRoute {
                if let known = await health.route(on: endpoint, model: requested) { return known }
                let route = try await workOutRoute(endpoint, model: requested)
                await health.remember(route, model: requested)
                return route
            }

        """

    /// Texts people paste, with the token counts SmolLM2's tokenizer gives them (llama.cpp
    /// `/tokenize`, measured with the xllamacpp wheel of ENVIRONMENT.md).
    static let measured: [(name: String, text: String, tokens: Int)] = [
        ("prose", String(repeating: prose, count: 20), 741),
        ("swift", String(repeating: swift, count: 10), 791),
        (
            "log",
            (0..<40).map { i in
                "2026-11-0\(i % 9 + 1)T12:\(i % 60 < 10 ? "0" : "")\(i % 60):07Z host-\(i % 7) kernel: EXT4-fs warning "
                    + "(device sda\(i % 3)): ext4_dx_add_entry:2461: Directory index full! disk usage 93% inode=\(i * 991)"
            }.joined(separator: "\n"), 2784
        ),
        (
            "csv",
            (0..<100).map { i in
                "\(i),\(i * 25),\(i * i),ABC-\(String(repeating: "0", count: 5 - String(i).count))\(i)"
            }.joined(separator: "\n"), 1998
        ),
        (
            "json",
            (0..<50).map { #"{"id": \#($0), "name": "user\#($0)", "email": "user\#($0)@example.com"}"# }
                .joined(separator: ","), 1320
        ),
        ("japanese", String(repeating: "日本語のテキストはトークンが多くなります。", count: 20), 740),
        (
            "hex",
            (0..<200).map { i -> String in
                let value = String((UInt64(i) * 2_654_435_761) % (1 << 32), radix: 16)
                return String(repeating: "0", count: 8 - value.count) + value
            }.joined(separator: " "), 1582
        ),
    ]

    @Test(arguments: measured.map(\.name))
    func neverCountsFewerTokensThanASmallModelsTokenizerNorFarMore(name: String) throws {
        // Given a text as people paste it, and what SmolLM2's tokenizer makes of it
        let sample = try #require(Self.measured.first { $0.name == name })
        // When it is estimated
        let estimate = TokenEstimate.of(sample.text)
        // Then the estimate is on the safe side (a shorter one gets the request refused) and not
        // so far above that half the window is wasted
        #expect(estimate >= sample.tokens, "\(name): \(estimate) < \(sample.tokens)")
        #expect(Double(estimate) <= Double(sample.tokens) * 1.6, "\(name): \(estimate) vs \(sample.tokens)")
    }

    @Test func aLogIsNotCountedLikeProse() throws {
        let log = try #require(Self.measured.first { $0.name == "log" })
        // Four bytes a token, the usual rule, would plan for half of the log's real length.
        #expect(log.text.utf8.count / 4 < log.tokens / 2 + 100)
        #expect(TokenEstimate.of(log.text) >= log.tokens)
    }

    @Test func aPrefixFitsItsBudgetAndSaysItWasCut() {
        let text = String(repeating: Self.prose, count: 10)
        let cut = TokenEstimate.prefix(of: text, fitting: 50)
        #expect(TokenEstimate.of(cut) <= 51)
        #expect(cut.hasSuffix("…"))
        #expect(text.hasPrefix(String(cut.dropLast())))
        #expect(TokenEstimate.prefix(of: "short", fitting: 50) == "short")
    }
}
