extension CodexError {
    /// An entry the importer will not touch: a link, a device, a path leaving the bundle, an oversize file.
    public static func unsafeBundleEntry(_ path: String, _ reason: String) -> CodexError {
        CodexError(
            kind: .bundle, message: "the bundle entry \"\(path)\" is refused: \(reason); nothing was imported",
            hint: "only import bundles written by codex export; ask the sender to export again")
    }

    /// A bundle whose content does not match what its manifest promises, or that breaks its own references.
    public static func invalidBundle(_ reason: String) -> CodexError {
        CodexError(
            kind: .bundle, message: "the bundle is invalid: \(reason); nothing was imported",
            hint: "the file may be damaged or altered; copy it again or ask the sender to export again")
    }

    public static func corruptBundle(_ path: String, detail: String) -> CodexError {
        CodexError(
            kind: .bundle, message: "\(path) is truncated or corrupt (\(detail)); nothing was imported",
            hint: "copy the file again; a USB stick pulled out too early often leaves a short file")
    }

    static func bundleNotAFile(_ path: String) -> CodexError {
        CodexError(
            kind: .invalidInput,
            message: "\(path) is not a regular file; import verifies a bundle before reading it again",
            hint: "save the bundle to a file first, then run codex import FILE")
    }

    public static func notABundle(_ path: String) -> CodexError {
        CodexError(
            kind: .bundle, message: "\(path) is not a codex bundle (tar.gz, tar.zst, zip or json)",
            hint: "pass a file written by codex export")
    }

    public static func unsupportedBundleVersion(_ found: Int, supported: Int) -> CodexError {
        CodexError(
            kind: .unsupported,
            message: "the bundle has format version \(found); this codex reads format version \(supported) only",
            hint: "import it with the codex version that wrote it, or upgrade codex on this machine")
    }

    /// Limits are there against decompression bombs; a genuine huge bundle can raise them.
    public static func bundleTooLarge(_ reason: String) -> CodexError {
        CodexError(
            kind: .bundle, message: "the bundle is refused: \(reason); nothing was imported",
            hint: "if you trust this bundle, raise the limit with the matching codex import --max-… option")
    }

    public static func bundleFormatUnavailable(_ format: String, reason: String) -> CodexError {
        CodexError(
            kind: .unsupported, message: "cannot write \(format) bundles here: \(reason)",
            hint: "use --format tar.gz, which every libarchive supports")
    }

    static func bundleWriteFailed(_ path: String, detail: String) -> CodexError {
        CodexError(
            kind: .io, message: "cannot write the bundle \(path): \(detail)",
            hint: "check the directory exists, is writable and has free space")
    }

    static func bundleReadFailed(_ path: String, detail: String) -> CodexError {
        CodexError(kind: .io, message: "cannot read \(path): \(detail)", hint: "check the path and its permissions")
    }

    public static func nothingToExport() -> CodexError {
        CodexError(
            kind: .notFound, message: "no session matches what was asked to export",
            hint: "list sessions with codex sessions list, or pass --all")
    }
}
