import JSON
import MFAGuardConsole

/// The one SARIF 2.1.0 writer (OASIS, errata 01): `audit --format sarif` (`SARIFReport`) and
/// `policy lint --format sarif` (`PolicyRendering.lintSARIF`) describe their rules and results with it,
/// and it writes the log: one run whose driver is mfaguard, keys sorted, in `JSONWriter`'s layout.
enum SARIFLog {
    /// The `$schema` of every log mfaguard writes.
    static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// Where the tool's documentation lives; SARIF consumers link the tool name to it.
    static let informationURI = "https://github.com/mfaguard/mfaguard"

    /// A `reportingDescriptor` (section 3.49): the rule `id`, its `name` (the id in PascalCase), a short
    /// description and, when given, the full description, help, help URI, default level and properties.
    static func rule(
        id: String, shortDescription: String, fullDescription: String? = nil, help: String? = nil,
        helpMarkdown: String? = nil, helpURI: String? = nil, level: String? = nil,
        properties: [String: JSONValue] = [:]
    ) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "name": .string(pascalCase(id)),
            "shortDescription": .sortedObject(["text": .string(shortDescription)]),
        ]
        if let fullDescription { members["fullDescription"] = .sortedObject(["text": .string(fullDescription)]) }
        if let help {
            var text: [String: JSONValue] = ["text": .string(help)]
            if let helpMarkdown { text["markdown"] = .string(helpMarkdown) }
            members["help"] = .sortedObject(text)
        }
        if let helpURI { members["helpUri"] = .string(helpURI) }
        if let level { members["defaultConfiguration"] = .sortedObject(["level": .string(level)]) }
        if !properties.isEmpty { members["properties"] = .sortedObject(properties) }
        return .sortedObject(members)
    }

    /// A `result` (section 3.27) of kind `fail` for rule `ruleID` (at `ruleIndex` in the driver's rules),
    /// with its message text and locations; fingerprints, suppressions and properties when given.
    static func result(
        ruleID: String, ruleIndex: Int, level: String, message: String, locations: [JSONValue],
        partialFingerprints: [String: JSONValue] = [:], suppressions: [JSONValue]? = nil,
        properties: [String: JSONValue] = [:]
    ) -> JSONValue {
        var members: [String: JSONValue] = [
            "ruleId": .string(ruleID), "ruleIndex": .int(ruleIndex), "level": .string(level), "kind": .string("fail"),
            "message": .sortedObject(["text": .string(message)]), "locations": .array(locations),
        ]
        if !partialFingerprints.isEmpty { members["partialFingerprints"] = .sortedObject(partialFingerprints) }
        if let suppressions { members["suppressions"] = .array(suppressions) }
        if !properties.isEmpty { members["properties"] = .sortedObject(properties) }
        return .sortedObject(members)
    }

    /// A `location` (section 3.28): a file with an optional line and column (code-scanning tools then
    /// annotate the line) and/or logical locations `{fullyQualifiedName, name, kind}`.
    static func location(
        file: String? = nil, line: Int? = nil, column: Int? = nil,
        logical: [(fullyQualifiedName: String, name: String?, kind: String?)]
    ) -> JSONValue {
        var members: [String: JSONValue] = [:]
        if let file {
            var physical: [String: JSONValue] = ["artifactLocation": .sortedObject(["uri": .string(file)])]
            if let line {
                var region: [String: JSONValue] = ["startLine": .int(line)]
                if let column { region["startColumn"] = .int(column) }
                physical["region"] = .sortedObject(region)
            }
            members["physicalLocation"] = .sortedObject(physical)
        }
        if !logical.isEmpty {
            members["logicalLocations"] = .array(
                logical.map { location in
                    var entry: [String: JSONValue] = ["fullyQualifiedName": .string(location.fullyQualifiedName)]
                    if let name = location.name { entry["name"] = .string(name) }
                    if let kind = location.kind { entry["kind"] = .string(kind) }
                    return .sortedObject(entry)
                })
        }
        return .sortedObject(members)
    }

    /// The log text: `$schema`, `version` 2.1.0 and one run whose tool driver is mfaguard (name,
    /// version, semantic version, information URI, `rules`), with `results` and any other run members
    /// (`invocations`, `automationDetails`, `properties`).
    static func render(rules: [JSONValue], results: [JSONValue], run extra: [String: JSONValue] = [:]) -> String {
        var run = extra
        run["tool"] = .sortedObject([
            "driver": .sortedObject([
                "name": .string("mfaguard"),
                "version": .string(MFAGuardVersion.current),
                "semanticVersion": .string(MFAGuardVersion.current),
                "informationUri": .string(informationURI),
                "rules": .array(rules),
            ])
        ])
        run["results"] = .array(results)
        return JSONWriter.pretty(
            .sortedObject([
                "$schema": .string(schemaURI), "version": .string("2.1.0"), "runs": .array([.sortedObject(run)]),
            ]))
    }

    /// The rule id as a SARIF `name` (an identifier-like PascalCase word, section 3.49.7).
    static func pascalCase(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { word in
            word.prefix(1).uppercased() + word.dropFirst()
        }.joined()
    }
}
