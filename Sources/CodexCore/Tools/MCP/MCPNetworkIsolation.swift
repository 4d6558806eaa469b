import Foundation

/// Starts `"offline": true` servers in a network namespace of their own, which has no
/// interface but a loopback that is down: nothing they do can reach another machine.
///
/// `unshare --net` needs CAP_SYS_ADMIN: as root it works directly; otherwise
/// `--map-root-user` first makes a user namespace, which Debian allows unprivileged users by
/// default. Whether either works is probed once per process by running `true` that way, so a
/// refusal names the real reason (no `unshare`, or the kernel said no) instead of a server
/// that dies on start.
actor MCPNetworkIsolation {
    static let shared = MCPNetworkIsolation()

    struct Unavailable: Error, Equatable {
        var text: String
    }

    private var probed: Result<[String], Unavailable>?

    /// The argument list to put before the server's own command.
    func prefix() async -> Result<[String], Unavailable> {
        if let probed { return probed }
        let result = await probe()
        probed = result
        return result
    }

    private func probe() async -> Result<[String], Unavailable> {
        guard let unshare = MCPLaunch.resolve("unshare", path: "/usr/bin:/bin:/usr/sbin:/sbin", directory: nil) else {
            return .failure(Unavailable(text: "`unshare` (util-linux) is not installed"))
        }
        guard let truth = MCPLaunch.resolve("true", path: "/usr/bin:/bin", directory: nil) else {
            return .failure(Unavailable(text: "`true` is not installed"))
        }
        let prefix = getuid() == 0 ? [unshare, "--net", "--"] : [unshare, "--net", "--map-root-user", "--"]
        do {
            let outcome = try await ProcessRunner.run(
                prefix[0], arguments: Array(prefix.dropFirst()) + [truth], environment: [:], timeout: .seconds(5),
                outputCap: 4096)
            if outcome.status == 0 { return .success(prefix) }
            let said = String(decoding: outcome.stderr.prefix(200), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(Unavailable(text: "`\(prefix.dropLast().joined(separator: " ")) true` failed: \(said)"))
        } catch {
            return .failure(Unavailable(text: "`unshare` could not be run"))
        }
    }
}
