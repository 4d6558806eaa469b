/// How a file is read and cut into chunks; stored as `document.kind`.
public enum FileKind: String, Codable, Sendable, CaseIterable {
    case plain, markdown, rst, code, csv, tsv, json, html, docx, odt, epub, pdf
    /// An archive whose members are documents of their own (`docs.zip!/guide.md`); it has no chunks.
    case archive

    /// The kind for a file name; unknown extensions are read as plain text when they look like text.
    public static func forPath(_ path: String) -> FileKind {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let lower = name.lowercased()
        if let kind = byName[lower] { return kind }
        guard let dot = lower.lastIndex(of: "."), dot != lower.startIndex else { return .plain }
        let ext = String(lower[lower.index(after: dot)...])
        if let kind = byExtension[ext] { return kind }
        return codeExtensions.contains(ext) ? .code : .plain
    }

    /// Formats stored in a zip container or a binary file, read by their own extractor; they
    /// skip the binary check that text files get.
    var isContainer: Bool { self == .docx || self == .odt || self == .epub || self == .pdf }

    /// Formats whose extracted text has one paragraph per line.
    var hasParagraphPerLine: Bool { self == .docx || self == .odt || self == .epub }

    private static let byExtension: [String: FileKind] = [
        "md": .markdown, "markdown": .markdown, "mdown": .markdown, "mkd": .markdown, "mdx": .markdown,
        "rst": .rst, "rest": .rst,
        "txt": .plain, "text": .plain, "log": .plain, "adoc": .plain, "org": .plain, "tex": .plain,
        "csv": .csv, "tsv": .tsv, "tab": .tsv,
        "json": .json, "jsonl": .json, "ndjson": .json, "geojson": .json, "ipynb": .json,
        "html": .html, "htm": .html, "xhtml": .html,
        "docx": .docx, "odt": .odt, "epub": .epub, "pdf": .pdf,
    ]

    private static let byName: [String: FileKind] = [
        "makefile": .code, "dockerfile": .code, "gnumakefile": .code, "cmakelists.txt": .code,
        "gemfile": .code, "rakefile": .code, "jenkinsfile": .code, "vagrantfile": .code,
        "readme": .plain, "license": .plain, "changelog": .plain,
    ]

    /// Source code and configuration languages, split at blank lines and top-level declarations.
    static let codeExtensions: Set<String> = [
        "swift", "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "hxx", "m", "mm", "cs", "java", "kt", "kts",
        "scala", "sc", "groovy", "gradle", "go", "rs", "zig", "nim", "d", "dart", "py", "pyi", "pyx", "rb",
        "php", "pl", "pm", "lua", "r", "jl", "js", "mjs", "cjs", "jsx", "ts", "tsx", "vue", "svelte", "css",
        "scss", "sass", "less", "sh", "bash", "zsh", "fish", "ps1", "psm1", "bat", "cmd", "sql", "graphql", "gql",
        "proto", "thrift", "hs", "ml", "mli", "fs", "fsi", "fsx", "ex", "exs", "erl", "hrl", "clj", "cljs",
        "edn", "lisp", "el", "scm", "rkt", "elm", "purs", "v", "sv", "vhd", "vhdl", "asm", "s", "f", "f90",
        "f95", "pas", "ada", "adb", "ads", "cob", "tf", "hcl", "nix", "cmake", "mk", "make", "yaml", "yml",
        "toml", "ini", "cfg", "conf", "properties", "env", "xml", "xsd", "xsl", "svg", "plist", "gradle",
        "dockerfile", "awk", "sed", "vim", "tcl", "cr", "hx", "sol", "cu", "cuh", "metal", "glsl", "hlsl",
        "wgsl", "ipp", "inl", "tpp", "cshtml", "razor", "erb", "ejs", "hbs", "mustache", "jinja", "j2",
        "liquid", "pug", "haml", "slim", "bzl", "bazel", "star", "build", "pbxproj", "xcconfig", "modulemap",
    ]
}
