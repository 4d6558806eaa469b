extension Duration {
    /// The duration in seconds, fractions included.
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// The duration in milliseconds, fractions included (whole milliseconds come out exact).
    public var inMilliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}

extension Duration {
    /// "250 ms", "5 s", "10 min": how timeouts read in messages.
    public var shortDescription: String {
        let millis = Int64(inMilliseconds)
        if millis < 1000 { return "\(millis) ms" }
        if millis % 60_000 == 0 { return "\(millis / 60_000) min" }
        if millis % 1000 == 0 { return "\(millis / 1000) s" }
        return "\(Double(millis) / 1000) s"
    }
}

extension CodexError {
    /// libcurl, which every request to a model server goes through, could not be opened.
    static func curlMissing(_ reason: String) -> CodexError {
        CodexError(
            kind: .network,
            message: "codex needs libcurl to reach model servers, and it could not be loaded (\(reason))",
            hint: "install it with `sudo apt-get install libcurl4` (scripts/setup.sh does)")
    }
}
