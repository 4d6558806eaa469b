import CodexCore
import Foundation
import Logging

/// `codex-bench http --url http://127.0.0.1:PORT [--requests N]`, against scripts/bench/sse_server.py:
/// small-request latency (what the HTTP layer adds to a health probe or a time-to-first-token),
/// raw body throughput, and a whole SSE chat stream decoded into events.
enum HTTPBench {
    static func run(_ options: Command) async throws {
        guard let base = URL(string: options.url) else {
            throw CodexError.invalidInput("codex-bench http needs --url http://127.0.0.1:PORT")
        }
        let requests = options.requests
        let logger = Logger(label: "codex.bench")
        let transport = CurlTransport(policy: EgressPolicy(allowCloud: false))
        let clock = ContinuousClock()

        var latencies: [Duration] = []
        for _ in 0..<requests {
            let request = HTTPRequest(url: base.appendingPathComponent("small"), purpose: .local("bench"))
            latencies.append(
                try await clock.measure {
                    _ = try await transport.data(for: request, deadline: .now + .seconds(10), logger: logger)
                })
        }
        latencies.sort()
        print(
            "http: GET latency over loopback, \(requests) requests: p50 \(ms(latencies[requests / 2])) ms, "
                + "p99 \(ms(latencies[requests * 99 / 100])) ms, mean \(ms(latencies.reduce(.zero, +) / requests)) ms")

        var bytes = 0
        let raw = try await clock.measure {
            let request = HTTPRequest(url: base.appendingPathComponent("big"), purpose: .local("bench"))
            bytes = try await transport.data(for: request, deadline: .now + .seconds(60), logger: logger).body.count
        }
        print("http: raw body \(mib(bytes)) MiB in \(ms(raw)) ms = \(mib(Int(Double(bytes) / seconds(raw)))) MiB/s")

        let client = ProviderClient(
            provider: OpenAICompatibleProvider(baseURL: base.appendingPathComponent("v1")), transport: transport,
            logger: logger)
        var events = 0
        var firstToken: Duration?
        let started = clock.now
        for try await event in client.streamChat(
            ChatInput(model: "bench", messages: [.user("hi")]), deadline: .now + .seconds(60))
        {
            if case .token = event {
                events += 1
                if firstToken == nil { firstToken = clock.now - started }
            }
        }
        let streamed = clock.now - started
        print(
            "http: SSE chat stream \(events) token events (\(mib(bytes)) MiB) in \(ms(streamed)) ms = "
                + "\(Int(Double(events) / seconds(streamed))) events/s, first token after \(ms(firstToken ?? .zero)) ms"
        )
    }

    private static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }
    private static func ms(_ duration: Duration) -> String { String(format: "%.3f", seconds(duration) * 1000) }
    private static func mib(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }
}
