extension CodexError {
    public static func ollamaModelNotFound(_ name: String, folder: String) -> CodexError {
        CodexError(
            kind: .notFound, message: "no Ollama model \(name) in \(folder)",
            hint: "list the models on disk with `codex models`, or set OLLAMA_MODELS to the folder that holds it")
    }

    /// The Ollama folder itself is damaged: a blob missing, or not the bytes its digest names.
    public static func damagedOllamaModel(_ name: String, _ reason: String) -> CodexError {
        CodexError(
            kind: .model, message: "the Ollama model \(name) cannot be exported: \(reason); nothing was written",
            hint: "pull the model again with `ollama pull \(name)` on this machine, then export it")
    }

    public static func notAGGUFFile(_ path: String) -> CodexError {
        CodexError(
            kind: .invalidInput, message: "\(path) is not a GGUF file (it does not start with \"GGUF\")",
            hint: "pass a .gguf model file, or an Ollama model name such as smollm2:latest")
    }

    /// An entry the importer will not touch: a link, a device, a path leaving the archive, an unknown name.
    public static func unsafeModelArchiveEntry(_ path: String, _ reason: String) -> CodexError {
        CodexError(
            kind: .bundle, message: "the model archive entry \"\(path)\" is refused: \(reason); nothing was imported",
            hint: "only import archives written by codex models export; ask the sender to export again")
    }

    public static func invalidModelArchive(_ reason: String) -> CodexError {
        CodexError(
            kind: .bundle, message: "the model archive is invalid: \(reason); nothing was imported",
            hint: "the file may be damaged or altered; copy it again and check it with sha256sum against the sender's")
    }

    public static func notAModelArchive(_ path: String) -> CodexError {
        CodexError(
            kind: .bundle, message: "\(path) is not a codex model archive (an uncompressed tar)",
            hint: "pass a file written by codex models export; session bundles go to codex import")
    }

    public static func unsupportedModelArchiveVersion(_ found: Int, supported: Int) -> CodexError {
        CodexError(
            kind: .unsupported,
            message: "the model archive has format version \(found); this codex reads format version \(supported) only",
            hint: "import it with the codex version that wrote it, or upgrade codex on this machine")
    }

    public static func notEnoughSpace(_ folder: String, needed: Int64, available: Int64) -> CodexError {
        CodexError(
            kind: .io,
            message:
                "\(folder) has \(ByteCount.format(available)) free but the model needs \(ByteCount.format(needed)); "
                + "nothing was imported",
            hint: "free some space, or import elsewhere with --to DIR")
    }

    static func modelArchiveWriteFailed(_ path: String, detail: String) -> CodexError {
        CodexError(
            kind: .io, message: "cannot write \(path): \(detail)",
            hint: "check the directory exists, is writable and has free space")
    }
}
