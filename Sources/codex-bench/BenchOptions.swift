/// `--name value` pairs from a benchmark's arguments.
struct BenchOptions {
    private var values: [String: String] = [:]

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let name = iterator.next() {
            if name.hasPrefix("--") { values[name] = iterator.next() ?? "" }
        }
    }

    func int(_ name: String, default value: Int) -> Int { values[name].flatMap(Int.init) ?? value }
    func string(_ name: String, default value: String) -> String { values[name] ?? value }
    func has(_ name: String) -> Bool { values[name] != nil }
}
