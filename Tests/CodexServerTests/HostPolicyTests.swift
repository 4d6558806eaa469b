import Testing

@testable import CodexServer

struct HostPolicyTests {
    static let loopback = HostPolicy(ServerConfiguration(port: 8080))
    static let endpoint = HostPolicy.Endpoint(address: "127.0.0.1", port: 8080)

    @Test(arguments: [
        "127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "[::1]:8080", "app.localhost:8080", "127.0.0.1",
        "localhost",
    ])
    func loopbackNamesAreServed(host: String) {
        #expect(Self.loopback.allows(host: host, on: Self.endpoint))
    }

    @Test(arguments: [
        "attacker.example:8080", "attacker.example", "127.0.0.1:9090", "localhost:80", "localhost.:8080",
        "localhost.attacker.example:8080", "127.0.0.1.nip.io:8080", "10.0.0.5:8080", "[::1", "[::1]x", "",
        "localhost:", "localhost:99999", "localhost:8080:1", "user@localhost:8080", "::1:8080",
    ])
    func otherNamesPortsAndMalformedHostsAreRefused(host: String) {
        #expect(!Self.loopback.allows(host: host, on: Self.endpoint))
    }

    @Test func offLoopbackTheBoundAddressTheConnectionsAddressAndListedNamesAreServed() {
        let policy = HostPolicy(
            ServerConfiguration(host: "0.0.0.0", port: 8080, token: "t", allowedHosts: ["Codex.LAN"]))
        let lan = HostPolicy.Endpoint(address: "192.168.1.20", port: 8080)
        #expect(policy.allows(host: "192.168.1.20:8080", on: lan))
        #expect(policy.allows(host: "codex.lan:8080", on: lan))
        #expect(!policy.allows(host: "192.168.1.21:8080", on: lan))
        #expect(!policy.allows(host: "attacker.example:8080", on: lan))
        let bound = HostPolicy(ServerConfiguration(host: "192.168.1.20", port: 8080, token: "t"))
        #expect(bound.allows(host: "192.168.1.20:8080", on: HostPolicy.Endpoint(address: nil, port: 8080)))
    }

    @Test func ownOriginsAreHttpWithAnAllowedNameAndThisPort() {
        #expect(Self.loopback.isOwn(origin: "http://127.0.0.1:8080", on: Self.endpoint))
        #expect(Self.loopback.isOwn(origin: "http://localhost:8080", on: Self.endpoint))
        #expect(!Self.loopback.isOwn(origin: "http://127.0.0.1:9090", on: Self.endpoint))
        #expect(!Self.loopback.isOwn(origin: "https://127.0.0.1:8080", on: Self.endpoint))
        #expect(!Self.loopback.isOwn(origin: "http://attacker.example:8080", on: Self.endpoint))
        #expect(!Self.loopback.isOwn(origin: "null", on: Self.endpoint))
        #expect(!Self.loopback.isOwn(origin: "http://127.0.0.1:8080/path", on: Self.endpoint))
        // WebSocket clients outside a browser send their socket's URL; no page can send these
        #expect(Self.loopback.isOwn(origin: "ws://localhost", on: Self.endpoint))
        #expect(!Self.loopback.isOwn(origin: "ws://attacker.example", on: Self.endpoint))
    }

    @Test(
        arguments: [
            (origin: nil, site: nil, allowed: true),  // curl, scripts, the openai client
            (origin: "http://127.0.0.1:8080", site: "same-origin", allowed: true),  // the web UI
            (origin: nil, site: "none", allowed: true),  // typed in the address bar
            (origin: "http://127.0.0.1:9090", site: "same-site", allowed: false),  // another port on loopback
            (origin: "http://attacker.example", site: "cross-site", allowed: false),
            (origin: "null", site: "cross-site", allowed: false),  // sandboxed frame, redirect, file://
            (origin: nil, site: "cross-site", allowed: false),
            (origin: "http://127.0.0.1:8080", site: "cross-site", allowed: false),  // contradicts itself
            (origin: "http://127.0.0.1:3000", site: "same-site", allowed: false),  // --cors-origin not set
        ] as [(origin: String?, site: String?, allowed: Bool)])
    func changesNeedAnOwnOriginAndNoCrossSiteFetch(origin: String?, site: String?, allowed: Bool) {
        #expect(Self.loopback.allowsChange(origin: origin, fetchSite: site, on: Self.endpoint) == allowed)
    }

    @Test func theCORSOriginMayChangeThingsFromAnotherSite() {
        let policy = HostPolicy(ServerConfiguration(port: 8080, corsOrigin: "http://127.0.0.1:3000/"))
        #expect(policy.allowsChange(origin: "http://127.0.0.1:3000", fetchSite: "same-site", on: Self.endpoint))
        #expect(!policy.allowsChange(origin: "http://127.0.0.1:3001", fetchSite: "same-site", on: Self.endpoint))
        #expect(!policy.allowsChange(origin: nil, fetchSite: "cross-site", on: Self.endpoint))
    }

    @Test func badAllowedHostsAndCORSOriginsAreRefusedAtStart() {
        #expect(throws: (any Error).self) { try ServerConfiguration(allowedHosts: ["http://codex.lan/"]).validate() }
        #expect(throws: (any Error).self) { try ServerConfiguration(corsOrigin: "127.0.0.1:3000").validate() }
        #expect(throws: Never.self) {
            try ServerConfiguration(corsOrigin: "http://127.0.0.1:3000", allowedHosts: ["codex.lan", "[::1]"])
                .validate()
        }
    }

    @Test(arguments: [
        (bytes: "GET / HTTP/1.1\r\nHost: a\r\n\r\n", result: HeadScanner.Result.complete),
        (bytes: "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n", result: .needMore),  // leading empty lines do not end it
        (bytes: "GET / HTTP/1.1\nHost: a\n\n", result: .complete),
        (bytes: "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 100), result: .tooLarge),
    ])
    func theHeadScannerFindsTheEndOfTheHead(bytes: String, result: HeadScanner.Result) {
        var scanner = HeadScanner(maxBytes: 64)
        // Fed one byte at a time, as a slow client sends it
        var last = HeadScanner.Result.needMore
        for byte in bytes.utf8 where last == .needMore { last = scanner.scan([byte]) }
        #expect(last == result)
    }
}
