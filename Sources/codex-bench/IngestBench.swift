import CodexCore
import Foundation

/// `codex-bench ingest-corpus DIR MEGABYTES FILES`: writes a deterministic synthetic corpus of
/// Markdown (headings, paragraphs, fenced code) and source files (Swift, Python) for
/// `scripts/bench/ingest.sh` (the 5,000-file re-ingest). Words come from a fixed pseudo-vocabulary with a Zipf-like spread,
/// so the full-text index sees a realistic number of distinct terms.
enum IngestCorpus {
    static func run(_ options: Command) throws {
        let (directory, megabytes, files) = (options.directory, options.megabytes, options.files)
        var generator = CorpusGenerator(seed: 42)
        let perFile = Int(megabytes * 1_048_576) / files
        var total = 0
        for index in 0..<files {
            let folder = "\(directory)/area\(index % 40)/topic\(index % 7)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let kind = index % 4
            let name = kind == 3 ? "module\(index).swift" : (kind == 2 ? "tool\(index).py" : "page\(index).md")
            let text = kind >= 2 ? generator.code(bytes: perFile, swift: kind == 3) : generator.markdown(bytes: perFile)
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(folder)/\(name)"))
            total += text.utf8.count
        }
        print("corpus: \(files) files, \(String(format: "%.1f", Double(total) / 1_048_576)) MB in \(directory)")
    }
}

/// A small deterministic text generator (xorshift), so every run benchmarks the same bytes.
private struct CorpusGenerator {
    var state: UInt64
    let words: [String]

    init(seed: UInt64) {
        state = seed
        var vocabulary: [String] = []
        let syllables = [
            "ka", "ro", "mi", "te", "sun", "dar", "lo", "ve", "qui", "pen", "tra", "sig", "nal", "cor", "dex",
            "ment", "ing", "ate", "ion", "ver", "con", "fig", "serv", "key", "rot", "auth", "log", "net",
        ]
        var seedState: UInt64 = 7
        for _ in 0..<6000 {
            seedState ^= seedState << 13
            seedState ^= seedState >> 7
            seedState ^= seedState << 17
            let count = 1 + Int(seedState % 4)
            var word = ""
            var s = seedState
            for _ in 0..<count {
                word += syllables[Int(s % UInt64(syllables.count))]
                s /= UInt64(syllables.count)
            }
            vocabulary.append(word)
        }
        words =
            ["the", "a", "to", "of", "and", "is", "in", "for", "with", "when", "this", "that", "key", "file"]
            + vocabulary
    }

    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    /// Zipf-ish: small indices are much more frequent.
    mutating func word() -> String {
        let r = Double(next() % 1_000_000) / 1_000_000
        return words[min(words.count - 1, Int(pow(r, 3) * Double(words.count)))]
    }

    mutating func sentence() -> String {
        let count = 6 + Int(next() % 14)
        var parts: [String] = []
        for _ in 0..<count { parts.append(word()) }
        return parts.joined(separator: " ").capitalizedFirst + "."
    }

    mutating func markdown(bytes: Int) -> String {
        var out = "# \(word().capitalizedFirst) \(word())\n\n"
        while out.utf8.count < bytes {
            switch next() % 10 {
            case 0: out += "## \(word().capitalizedFirst) \(word()) \(word())\n\n"
            case 1: out += "```swift\nlet \(word()) = try \(word())(\"\(word())\")\nprint(\(word()))\n```\n\n"
            case 2: out += "- \(sentence())\n- \(sentence())\n- \(sentence())\n\n"
            default:
                var paragraph: [String] = []
                for _ in 0..<(2 + Int(next() % 5)) { paragraph.append(sentence()) }
                out += paragraph.joined(separator: " ") + "\n\n"
            }
        }
        return out
    }

    mutating func code(bytes: Int, swift: Bool) -> String {
        var out = swift ? "import Foundation\n\n" : "import os\n\n"
        while out.utf8.count < bytes {
            let name = word() + "_" + word()
            if swift {
                out += "/// \(sentence())\nfunc \(name)(_ \(word()): Int) -> Int {\n"
                for _ in 0..<(2 + Int(next() % 6)) {
                    out += "    let \(word())\(next() % 100) = \(word()).count + \(next() % 1000)\n"
                }
                out += "    return \(next() % 7)\n}\n\n"
            } else {
                out += "def \(name)(\(word()), \(word())):\n    \"\"\"\(sentence())\"\"\"\n"
                for _ in 0..<(2 + Int(next() % 6)) {
                    out += "    \(word())_\(next() % 100) = len(\(word())) + \(next() % 1000)\n"
                }
                out += "    return None\n\n\n"
            }
        }
        return out
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

/// `codex-bench ingest-chunk DIR`: the CPU side of ingest alone (read + chunk every `.md`, `.rst`,
/// `.txt`, `.py` and `.swift` file, one thread, no SQLite), to show how much of `codex ingest`'s
/// time is ours.
enum IngestChunkStage {
    static func run(_ options: Command) throws {
        let directory = options.directory
        var paths: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let relative = enumerator?.nextObject() as? String {
            if [".md", ".rst", ".txt", ".py", ".swift"].contains(where: { relative.hasSuffix($0) }) {
                paths.append(directory + "/" + relative)
            }
        }
        let chunker = Chunker()
        let start = ContinuousClock.now
        var bytes = 0
        var chunks = 0
        for path in paths {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            bytes += data.count
            let kind = FileKind.forPath(path)
            chunks += chunker.chunks(of: ExtractedText(kind: kind, bytes: [UInt8](data))).count
        }
        let elapsed = ContinuousClock.now - start
        let seconds = elapsed.inSeconds
        print(
            String(
                format: "read+chunk stage alone: %7.1f MB, %d files, %d chunks in %.2f s = %6.1f MB/s (one thread)",
                Double(bytes) / 1_048_576, paths.count, chunks, seconds, Double(bytes) / 1_048_576 / seconds))
        BenchResults.record(
            "ingest", "read + chunk alone, one thread, no SQLite: MB/s", value: Double(bytes) / 1e6 / seconds,
            unit: "MB/s", better: .higher)
    }
}
