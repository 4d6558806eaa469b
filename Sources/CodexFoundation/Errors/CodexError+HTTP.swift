extension CodexError {
    public static func cloudNotAllowed(host: String, provider: String) -> CodexError {
        CodexError(
            kind: .egress, message: "codex is set to stay on this machine, so it did not contact \(host) (\(provider))",
            hint: "to use the cloud, set CODEX_ALLOW_CLOUD=1 or allow_cloud = true in config.toml")
    }

    public static func nonLoopbackLocalServer(host: String, provider: String) -> CodexError {
        CodexError(
            kind: .egress,
            message: "codex only talks to model servers on this machine, and \(host) (\(provider)) is not loopback",
            hint:
                "run the server on 127.0.0.1, or reach the other host through a tunnel: ssh -L PORT:localhost:PORT HOST"
        )
    }

    public static func unsupportedScheme(_ scheme: String) -> CodexError {
        CodexError(
            kind: .egress, message: "codex only speaks http and https, not \"\(scheme)\"",
            hint: "use a URL such as http://127.0.0.1:11434")
    }

    public static func connectionRefused(_ address: String) -> CodexError {
        CodexError(
            kind: .network, message: "nothing is listening at \(address) (connection refused)",
            hint: "start the server, or check the host and port")
    }

    public static func hostNotFound(_ host: String) -> CodexError {
        CodexError(
            kind: .network, message: "cannot resolve the host name \(host)",
            hint: "check the spelling of the URL; codex works offline, so use 127.0.0.1 for local servers")
    }

    public static func connectTimeout(_ address: String, after limit: Duration) -> CodexError {
        CodexError(
            kind: .network, message: "could not connect to \(address) within \(limit.shortDescription)",
            hint: "check that the server is running and the host is reachable")
    }

    public static func firstByteTimeout(_ address: String, after limit: Duration) -> CodexError {
        CodexError(
            kind: .network,
            message: "\(address) accepted the request but sent no reply within \(limit.shortDescription)",
            hint: "the model may still be loading or reading a long prompt; try again, or raise the first-byte timeout")
    }

    public static func idleTimeout(_ address: String, after limit: Duration) -> CodexError {
        CodexError(
            kind: .network,
            message: "\(address) stopped sending for \(limit.shortDescription) in the middle of a reply",
            hint: "the server may be overloaded or stuck; try again, or raise the idle timeout")
    }

    public static func deadlineExceeded(_ address: String) -> CodexError {
        CodexError(
            kind: .network, message: "the exchange with \(address) did not finish in the time allowed",
            hint: "try again with a longer time limit")
    }

    public static func tlsFailure(_ host: String, detail: String) -> CodexError {
        CodexError(
            kind: .network, message: "the secure connection to \(host) failed: \(detail)",
            hint: "check the system clock and CA certificates (apt install ca-certificates)")
    }

    public static func connectionLost(_ address: String) -> CodexError {
        CodexError(
            kind: .network, message: "\(address) closed the connection before the reply was complete",
            hint: "the server may have crashed or run out of memory; check its log and try again")
    }

    public static func networkFailure(_ address: String, detail: String) -> CodexError {
        CodexError(kind: .network, message: "talking to \(address) failed: \(detail)", hint: "try again")
    }

    public static func responseTooLarge(host: String, limit: Int) -> CodexError {
        CodexError(
            kind: .network, message: "the reply from \(host) is larger than \(limit >> 20) MiB",
            hint: "check that the URL points at the right server")
    }

    public static func lineTooLong(limit: Int) -> CodexError {
        CodexError(
            kind: .network, message: "the server sent a line longer than \(limit >> 20) MiB without a line break",
            hint: "check that the URL points at a model server that streams JSON lines or events")
    }
}
