import CodexCore
import Foundation
import Logging

/// `codex-bench gateway --url http://127.0.0.1:PORT [--model M] [--runs N] [--max-tokens T]`: what the
/// gateway adds to a streamed chat against an OpenAI-compatible server (llama.cpp, or
/// scripts/bench/sse_server.py). Each run sends the same request three ways, in turn:
/// (a) straight through libcurl, finding the first `content` in the SSE bytes;
/// (b) `ProviderClient.streamChat` (decoding, error mapping);
/// (c) `Gateway.streamChat` with a warm health cache (probe, routing, model details, events).
/// Prints median time to first token and tokens/s for each, and the differences.
/// For `scripts/bench.sh`: `--label NAME` names the server in the recorded figures, and
/// `--only-direct TOOL` sends (a) only, recorded as TOOL (pointed at `codex serve`'s `/v1`, it
/// measures the whole server path); `--no-rate` records no tokens/s (a server that answers
/// instantly measures only the client's parsing).
enum GatewayBench {
    struct Sample {
        var firstToken: Duration
        var total: Duration
        var tokens: Int
    }

    static func run(_ options: Command) async throws {
        guard let root = URL(string: options.url) else {
            throw CodexError.invalidInput("codex-bench gateway needs --url http://127.0.0.1:PORT")
        }
        let (runs, maxTokens, model) = (options.runs, options.maxTokens, options.model)
        let logger = Logger(label: "codex.bench")
        let transport = CurlTransport(policy: EgressPolicy(allowCloud: false))
        let provider = OpenAICompatibleProvider(baseURL: root.appendingPathComponent("v1"))
        let client = ProviderClient(provider: provider, transport: transport, logger: logger)
        let gateway = Gateway(endpoints: [ProviderEndpoint(client: client, defaultModel: model)], logger: logger)
        let input = ChatInput(
            model: model, messages: [.user("Count from one to twenty in words.")], temperature: 0, maxTokens: maxTokens)

        let label = options.label ?? root.absoluteString
        let recordsRate = !options.noRate
        if let tool = options.onlyDirect {
            var samples: [Sample] = []
            _ = try await viaCurl(transport, try provider.chatRequest(input, stream: true), logger: logger)  // warm-up
            for _ in 0..<runs {
                samples.append(
                    try await viaCurl(transport, try provider.chatRequest(input, stream: true), logger: logger))
            }
            report(samples, name: tool, label: label, tool: tool, base: nil, recordsRate: recordsRate)
            return
        }
        var direct: [Sample] = [], provided: [Sample] = [], routed: [Sample] = []
        _ = try await viaGateway(gateway, input)  // warms the health cache and the server's prompt cache
        for _ in 0..<runs {
            direct.append(try await viaCurl(transport, try provider.chatRequest(input, stream: true), logger: logger))
            provided.append(try await viaClient(client, input))
            routed.append(try await viaGateway(gateway, input))
        }
        let base = median(direct.map(\.firstToken))
        print("gateway: \(runs) runs, max \(maxTokens) tokens, \(root.absoluteString), model \(model)")
        let directTool = options.directTool ?? "libcurl direct"
        report(direct, name: "(a) libcurl direct", label: label, tool: directTool, base: nil, recordsRate: recordsRate)
        report(provided, name: "(b) ProviderClient", label: label, tool: nil, base: base, recordsRate: recordsRate)
        report(routed, name: "(c) Gateway", label: label, tool: "codex gateway", base: base, recordsRate: recordsRate)
    }

    /// Prints one way's medians and records them under `tool` (nil: printed only).
    static func report(
        _ samples: [Sample], name: String, label: String, tool: String?, base: Duration?, recordsRate: Bool
    ) {
        let ttft = median(samples.map(\.firstToken))
        let rate = median(samples.map { Double($0.tokens) / seconds($0.total - $0.firstToken) })
        let added = base.map { String(format: ", added TTFT %+.2f ms", ms(ttft - $0)) } ?? ""
        print(
            String(
                format: "gateway: %-20@ TTFT p50 %8.2f ms, %7.1f tokens/s after the first (%d tokens)%@",
                name as NSString, ms(ttft), rate, samples.first?.tokens ?? 0, added as NSString))
        guard let tool else { return }
        BenchResults.record("gateway", "\(label): time to first token p50 ms", tool: tool, value: ms(ttft), unit: "ms")
        guard recordsRate else { return }
        BenchResults.record("gateway", "\(label): tokens/s", tool: tool, value: rate, unit: "tokens/s", better: .higher)
    }

    /// The request as the provider builds it, sent with libcurl only; the first token is the first
    /// SSE line carrying non-empty `content`.
    static func viaCurl(_ transport: CurlTransport, _ request: HTTPRequest, logger: Logger) async throws -> Sample {
        let started = ContinuousClock.now
        var firstToken: Duration?
        var tokens = 0
        let (_, body) = try await transport.send(request, deadline: .now + .seconds(120), logger: logger)
        var pending = ""
        for try await bytes in body {
            pending += String(decoding: bytes, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                let line = pending[..<newline]
                pending = String(pending[pending.index(after: newline)...])
                guard line.hasPrefix("data: {"), line.contains("\"content\":\""), !line.contains("\"content\":\"\"")
                else {
                    continue
                }
                tokens += 1
                if firstToken == nil { firstToken = .now - started }
            }
        }
        guard let firstToken else {
            throw CodexError.invalidInput("\(request.url.absoluteString) streamed no content; is a model being served?")
        }
        return Sample(firstToken: firstToken, total: .now - started, tokens: tokens)
    }

    static func viaClient(_ client: ProviderClient, _ input: ChatInput) async throws -> Sample {
        let started = ContinuousClock.now
        var firstToken: Duration?
        var tokens = 0
        for try await event in client.streamChat(input, deadline: .now + .seconds(120)) {
            guard case .token = event else { continue }
            tokens += 1
            if firstToken == nil { firstToken = .now - started }
        }
        return Sample(firstToken: firstToken ?? .zero, total: .now - started, tokens: tokens)
    }

    static func viaGateway(_ gateway: Gateway, _ input: ChatInput) async throws -> Sample {
        let started = ContinuousClock.now
        var firstToken: Duration?
        var tokens = 0
        for try await event in gateway.streamChat(makeInput: { _ in input }) {
            guard case .chat(.token) = event else { continue }
            tokens += 1
            if firstToken == nil { firstToken = .now - started }
        }
        return Sample(firstToken: firstToken ?? .zero, total: .now - started, tokens: tokens)
    }

    static func median(_ values: [Duration]) -> Duration { values.sorted()[values.count / 2] }
    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }
    static func ms(_ duration: Duration) -> Double { seconds(duration) * 1000 }
}
