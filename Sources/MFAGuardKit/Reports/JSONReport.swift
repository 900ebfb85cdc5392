import JSON
import MFAGuardConsole

/// `--format json`: the `mfaguard.report/v1` document of DESIGN.md, with sorted keys, ISO 8601 dates and
/// every member present (`null` when unknown), as docs/report.schema.json describes it.
enum JSONReport {
    static func render(_ report: AuditReport) -> String {
        JSONWriter.pretty(document(report))
    }

    static func document(_ report: AuditReport) -> JSONValue {
        .sortedObject([
            "schema": .string(report.schema),
            "tool": .sortedObject(["name": .string("mfaguard"), "version": .string(MFAGuardVersion.current)]),
            "generatedAt": .string(ReportDates.iso8601(report.generatedAt)),
            "dataAsOf": .string(report.dataAsOf.map(ReportDates.iso8601)),
            "account": .sortedObject(["id": .string(report.account.id), "partition": .string(report.account.partition)]
            ),
            "partial": .bool(report.isPartial),
            "summary": summary(report.summary),
            "findings": .array(report.orderedFindings.map(finding)),
            "errors": .array(
                report.errors.map {
                    .sortedObject(["operation": .string($0.operation), "message": .string($0.message)])
                }),
            "expiredExemptions": .array(
                report.expiredExemptions.map {
                    .sortedObject([
                        "rule": .string($0.rule), "principal": .string($0.principal), "reason": .string($0.reason),
                        "owner": .string($0.owner), "expires": .string($0.expires),
                    ])
                }),
            "accounts": report.accounts.map { accounts in
                .array(
                    accounts.map {
                        .sortedObject([
                            "id": .string($0.id), "name": .string($0.name), "status": .string($0.status.rawValue),
                            "findings": .int($0.findings),
                        ])
                    })
            } ?? .null,
        ])
    }

    private static func summary(_ summary: AuditReport.Summary) -> JSONValue {
        .sortedObject([
            "total": .int(summary.total),
            "exempted": .int(summary.exempted),
            "bySeverity": .sortedObject(summary.bySeverity.mapValues { .int($0) }),
            "byRule": .sortedObject(summary.byRule.mapValues { .int($0) }),
            "users": .int(summary.users),
            "roles": .int(summary.roles),
            "policies": .int(summary.policies),
        ])
    }

    private static func finding(_ finding: Finding) -> JSONValue {
        .sortedObject([
            "rule": .string(finding.rule),
            "severity": .string(finding.severity.rawValue),
            "resource": .string(finding.resource),
            "principal": .string(finding.principal),
            "policy": .string(finding.policy),
            "title": .string(finding.title),
            "detail": .string(finding.detail),
            "cis": .array(finding.cis.map { .string($0) }),
            "securityHub": .array(finding.securityHub.map { .string($0) }),
            "remediation": .string(finding.remediation),
            "exemption": finding.exemption.map { exemption in
                .sortedObject([
                    "reason": .string(exemption.reason),
                    "owner": .string(exemption.owner),
                    "expires": .string(exemption.expires),
                ])
            } ?? .null,
        ])
    }
}
