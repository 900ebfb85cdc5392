import Foundation
import IAMPolicy
import JSON

/// `mfaguard policy simulate --batch`: one JSON request per line in, one decision per line out, in
/// order. A line that cannot be used gets `{"id": …, "error": "…"}` and the batch goes on.
public enum SimulationBatch {
    /// Answers one request line (without its newline) with one response line.
    public static func respond(to line: String) -> String {
        var id = JSONValue.null
        do {
            let request = try JSONValue(parsing: line)
            guard case .object = request else { throw BatchError("a request must be a JSON object") }
            id = request["id"] ?? .null
            let policies = try documents(request, "policies", required: true)
            let boundaries = try documents(request, "boundaries", required: false)
            let scps = try documents(request, "scps", required: false)
            guard let action = request["action"]?.stringValue else { throw BatchError("\"action\" must be a string") }
            var resource: String?
            if let value = request["resource"], value != .null {
                guard let text = value.stringValue else { throw BatchError("\"resource\" must be a string") }
                resource = text
            }
            let context = try self.context(request["context"])
            let evaluator = PolicyEvaluator(policies: policies, boundaries: boundaries, scps: scps)
            let decision = evaluator.evaluate(AccessRequest(action: action, resource: resource, context: context))
            return JSONWriter.compact(PolicyRendering.decisionJSON(decision, id: id))
        } catch {
            return JSONWriter.compact(.object([("id", id), ("error", .string(String(describing: error)))]))
        }
    }

    /// Reads request lines from `input` until end of file and writes a response line for each
    /// non-blank one.
    public static func run(input: FileHandle = .standardInput, output: FileHandle = .standardOutput) {
        var buffer = Data()
        func emit(_ lineData: Data) {
            let line = String(decoding: lineData, as: UTF8.self)
            guard !line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) else { return }
            output.write(Data((respond(to: line) + "\n").utf8))
        }
        while true {
            let chunk = input.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: 0x0A) {
                emit(buffer[buffer.startIndex..<newline])
                buffer.removeSubrange(buffer.startIndex...newline)
            }
        }
        if !buffer.isEmpty { emit(buffer) }
    }

    private static func documents(_ request: JSONValue, _ key: String, required: Bool) throws -> [PolicyDocument] {
        guard let value = request[key], value != .null else {
            if required { throw BatchError("\"\(key)\" is missing") }
            return []
        }
        guard case .array(let elements) = value else { throw BatchError("\"\(key)\" must be an array of policies") }
        var out: [PolicyDocument] = []
        for (i, element) in elements.enumerated() {
            do {
                out.append(try PolicyDocument(json: element))
            } catch {
                let location = error.path.map { $0.isEmpty ? "" : ".\($0)" } ?? ""
                throw BatchError("\(key)[\(i)]\(location): \(error.message)")
            }
        }
        return out
    }

    private static func context(_ value: JSONValue?) throws -> RequestContext {
        guard let value, value != .null else { return RequestContext() }
        guard case .object(let members) = value else { throw BatchError("\"context\" must be an object") }
        var values: [String: [String]] = [:]
        for (key, member) in members {
            func scalar(_ v: JSONValue) throws -> String {
                switch v {
                case .string(let text): return text
                case .number(let text): return text
                case .bool(let flag): return flag ? "true" : "false"
                default: throw BatchError("context key \"\(key)\" must be a string, number, boolean or array of them")
                }
            }
            if case .array(let elements) = member {
                values[key] = try elements.map(scalar)
            } else {
                values[key] = [try scalar(member)]
            }
        }
        return RequestContext(values)
    }
}

struct BatchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
