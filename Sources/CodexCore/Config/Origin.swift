/// Where a setting's value came from, so `codex doctor` can explain it.
public enum Origin: Sendable, Equatable, Codable, CustomStringConvertible {
    case flag
    case environment(String)
    case dotEnv(path: String)
    case file(path: String)
    case builtIn

    public var description: String {
        switch self {
        case .flag: "command-line flag"
        case .environment(let name): "environment ($\(name))"
        case .dotEnv(let path): ".env (\(path))"
        case .file(let path): "config file (\(path))"
        case .builtIn: "built-in default"
        }
    }
}
