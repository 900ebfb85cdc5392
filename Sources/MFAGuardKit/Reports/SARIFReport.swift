import JSON

/// `--format sarif`: SARIF 2.1.0 (OASIS, errata 01) for code-scanning dashboards. One rule descriptor per
/// `AuditRule`, one result per finding located by the resource ARN (a logical location: IAM resources are
/// not files), exempted findings as accepted external suppressions, collection errors as notifications.
/// `SARIFLog` writes the log.
enum SARIFReport {
    /// The partialFingerprints key: versioned, so a change of the hashed fields can change the key.
    static let fingerprintKey = "mfaguardFinding/v1"

    static func render(_ report: AuditReport) -> String {
        let rules = report.reportedRules
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        return SARIFLog.render(
            rules: rules.map { descriptor(id: $0.id, rule: $0.rule) },
            results: report.orderedFindings.map { result($0, ruleIndex: ruleIndex[$0.rule]!) },
            run: [
                "automationDetails": .sortedObject([
                    "id": .string("mfaguard/audit/\(report.account.partition)/\(report.account.id)/")
                ]),
                "invocations": .array([invocation(report)]),
                "properties": .sortedObject([
                    "account": .string(report.account.id),
                    "partition": .string(report.account.partition),
                    "generatedAt": .string(ReportDates.iso8601(report.generatedAt)),
                    "dataAsOf": .string(report.dataAsOf.map(ReportDates.iso8601)),
                    "reportSchema": .string(report.schema),
                ]),
            ])
    }

    /// SARIF `level` (section 3.27.10): errors for what must be fixed, notes for hygiene.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "note"
        }
    }

    /// GitHub code scanning's `security-severity` scale: above 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium,
    /// 0.1–3.9 low.
    static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "3.0"
        }
    }

    private static func descriptor(id: String, rule: AuditRule?) -> JSONValue {
        guard let rule else { return SARIFLog.rule(id: id, shortDescription: id) }
        var tags: [JSONValue] = [.string("security"), .string("mfa"), .string("aws-iam")]
        tags += rule.cis.map { .string($0) }
        tags += rule.securityHub.map { .string("Security Hub \($0)") }
        var markdown = "\(rule.help)\n\n**Remediation.** \(rule.remediationGuide)\n\n"
        markdown += "Each result carries the exact command for its resource."
        if !rule.cis.isEmpty { markdown += "\n\nCIS AWS Foundations Benchmark: \(rule.cis.joined(separator: ", "))." }
        markdown += "\n\n[AWS documentation](\(rule.documentationURL))"
        return SARIFLog.rule(
            id: rule.id, shortDescription: rule.name, fullDescription: rule.help,
            help: "\(rule.help) Remediation: \(rule.remediationGuide)", helpMarkdown: markdown,
            helpURI: rule.documentationURL, level: level(rule.severity),
            properties: [
                "security-severity": .string(securitySeverity(rule.severity)),
                "precision": .string("high"),
                "problem.severity": .string(level(rule.severity) == "note" ? "recommendation" : level(rule.severity)),
                "tags": .array(tags),
            ])
    }

    private static func result(_ finding: Finding, ruleIndex: Int) -> JSONValue {
        var message = finding.title
        if !finding.detail.isEmpty { message += "\n\n" + finding.detail }
        message += "\n\nRemediation: " + finding.remediation
        var properties: [String: JSONValue] = [
            "severity": .string(finding.severity.rawValue),
            "security-severity": .string(securitySeverity(finding.severity)),
            "remediation": .string(finding.remediation),
            "principal": .string(finding.principal),
        ]
        if let policy = finding.policy { properties["policy"] = .string(policy) }
        if !finding.cis.isEmpty { properties["cis"] = .array(finding.cis.map { .string($0) }) }
        var suppressions: [JSONValue] = []
        if let exemption = finding.exemption {
            var suppression: [String: JSONValue] = [
                "kind": .string("external"), "status": .string("accepted"),
                "justification": .string(exemption.reason),
            ]
            var bag: [String: JSONValue] = [:]
            if let owner = exemption.owner { bag["owner"] = .string(owner) }
            if let expires = exemption.expires { bag["expires"] = .string(expires) }
            if !bag.isEmpty { suppression["properties"] = .sortedObject(bag) }
            suppressions.append(.sortedObject(suppression))
        }
        return SARIFLog.result(
            ruleID: finding.rule, ruleIndex: ruleIndex, level: level(finding.severity), message: message,
            locations: [
                SARIFLog.location(logical: [(finding.resource, finding.displayPrincipal, "resource")])
            ],
            partialFingerprints: [
                fingerprintKey: .string(
                    finding.fingerprint)
            ],
            suppressions: suppressions, properties: properties)
    }

    private static func invocation(_ report: AuditReport) -> JSONValue {
        .sortedObject([
            "executionSuccessful": .bool(!report.isPartial),
            "endTimeUtc": .string(ReportDates.iso8601(report.generatedAt)),
            "toolExecutionNotifications": .array(
                report.errors.map { error in
                    .sortedObject([
                        "level": .string("error"),
                        "message": .sortedObject(["text": .string("\(error.operation): \(error.message)")]),
                        "descriptor": .sortedObject(["id": .string(error.operation)]),
                    ])
                }),
        ])
    }
}
