import Foundation

/// `--format csv`: RFC 4180 (CRLF line ends, fields quoted when they hold `"`, `,`, CR or LF), a header
/// row, then one row per finding in report order. Collection errors are not rows: they are in every other
/// format, and a CSV of findings has no place for them.
enum CSVReport {
    static let header = [
        "severity", "rule", "principal", "resource", "title", "detail", "cis", "security_hub", "remediation",
        "exempted", "exemption_reason", "exemption_owner", "exemption_expires",
        // Added after the others so that existing consumers' column positions stay as they were.
        "policy",
    ]

    static func render(_ report: AuditReport) -> String {
        var rows = [header]
        for finding in report.orderedFindings {
            rows.append([
                finding.severity.rawValue, finding.rule, finding.principal ?? "", finding.resource, finding.title,
                finding.detail, finding.cis.joined(separator: "; "), finding.securityHub.joined(separator: "; "),
                finding.remediation, finding.isExempted ? "yes" : "no", finding.exemption?.reason ?? "",
                finding.exemption?.owner ?? "", finding.exemption?.expires ?? "", finding.policy ?? "",
            ])
        }
        return rows.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One field: neutralised against spreadsheet formula injection, then quoted if RFC 4180 needs it.
    static func field(_ value: String) -> String {
        var value = value
        // A cell starting with = + - @ (or a tab/CR) is a formula in Excel and LibreOffice; IAM names may
        // start with = + @ -. OWASP's advice: prefix a single quote so it is shown as text.
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "\"" || $0 == "," || $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
        else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
