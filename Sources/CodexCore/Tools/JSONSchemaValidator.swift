/// Checks tool arguments against the subset of JSON Schema tool parameters use: `type` (object,
/// string, integer, number, boolean, array), `properties`, `required`, `enum`, `minimum`,
/// `maximum`, `items`, `additionalProperties: false`.
///
/// Messages name the argument and what is wrong ("argument `path` must be a string") because the
/// model reads them and retries; unknown schema keywords are ignored rather than guessed at.
public enum JSONSchemaValidator {
    /// Every problem found, in a stable order; empty when `value` is valid.
    public static func problems(in value: JSONValue, against schema: JSONValue) -> [String] {
        var problems: [String] = []
        check(value, against: schema, at: "", into: &problems)
        return problems
    }

    /// Throws a `CodexError` listing the problems.
    public static func validate(_ value: JSONValue, against schema: JSONValue) throws(CodexError) {
        let found = problems(in: value, against: schema)
        guard found.isEmpty else { throw CodexError.tool("invalid arguments: " + found.joined(separator: "; ")) }
    }

    private static func check(
        _ value: JSONValue, against schema: JSONValue, at path: String, into problems: inout [String]
    ) {
        let name = path.isEmpty ? "the arguments" : "argument `\(path)`"
        if let type = schema["type"]?.stringValue, !matches(value, type: type) {
            problems.append("\(name) must be \(article(type)) (got \(describe(value)))")
            return
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            let list = allowed.map { $0.jsonString }.joined(separator: ", ")
            problems.append("\(name) must be one of \(list) (got \(value.jsonString))")
        }
        if let number = value.numberValue {
            if let minimum = schema["minimum"]?.numberValue, number < minimum {
                problems.append("\(name) must be at least \(format(minimum)) (got \(format(number)))")
            }
            if let maximum = schema["maximum"]?.numberValue, number > maximum {
                problems.append("\(name) must be at most \(format(maximum)) (got \(format(number)))")
            }
        }
        if case .array(let elements) = value, let items = schema["items"] {
            for (index, element) in elements.enumerated() {
                check(element, against: items, at: "\(path)[\(index)]", into: &problems)
            }
        }
        if case .object(let members) = value {
            let properties = schema["properties"]?.objectValue ?? [:]
            for required in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
            where members[required] == nil || members[required] == .null {
                problems.append("argument `\(join(path, required))` is required")
            }
            for key in members.keys.sorted() {
                let child = join(path, key)
                if let property = properties[key] {
                    // Models often send null for an optional argument they mean to leave out.
                    guard let member = members[key], member != .null else { continue }
                    check(member, against: property, at: child, into: &problems)
                } else if schema["additionalProperties"] == .bool(false) {
                    let known = properties.keys.sorted().map { "`\($0)`" }.joined(separator: ", ")
                    problems.append("argument `\(child)` is not accepted (known: \(known.isEmpty ? "none" : known))")
                }
            }
        }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("string", .string), ("boolean", .bool), ("array", .array), ("null", .null),
            ("number", .number):
            return true
        case ("integer", .number(let number)): return number.rounded() == number && number.isFinite
        case ("object", _), ("string", _), ("boolean", _), ("array", _), ("null", _), ("number", _), ("integer", _):
            return false
        default: return true
        }
    }

    private static func article(_ type: String) -> String {
        switch type {
        case "object", "array", "integer": return "an \(type)"
        default: return "a \(type)"
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number(let number): return number.rounded() == number ? "an integer" : "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    private static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}

extension JSONValue {
    /// The number, only for JSON numbers (not numeric strings, unlike `doubleValue`).
    var numberValue: Double? {
        if case .number(let number) = self { return number }
        return nil
    }
}
