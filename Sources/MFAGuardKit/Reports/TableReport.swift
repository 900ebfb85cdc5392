/// `--format table`: the report for people. Findings grouped by severity (critical first), each with its
/// principal, resource, title and remediation command; exempted findings marked with their reason; then
/// the counts, the age of the data and the collection errors. Colour only when the caller asks for it.
enum TableReport {
    /// ANSI SGR sequences (ECMA-48 section 8.3.117), written out so there is no dependency.
    enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case boldRed = "1;31"
        case alarm = "1;97;41"
        case green = "32"
        case yellow = "33"
        case cyan = "36"
        case magenta = "35"
    }

    static func render(_ report: AuditReport, color: Bool) -> String {
        var writer = Writer(color: color)
        header(report, into: &writer)
        let ordered = report.orderedFindings
        if ordered.isEmpty {
            writer.line(
                writer.paint(report.noFindingsHeadline, report.isPartial ? .yellow : .green, bold: report.isPartial))
            writer.line()
        }
        for severity in Severity.allCases.reversed() {
            let group = ordered.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            let exempted = group.filter(\.isExempted).count
            var heading = "\(severity.rawValue.uppercased()) (\(group.count - exempted)"
            heading += exempted > 0 ? ", \(exempted) exempted)" : ")"
            writer.line(writer.paint(heading, style(of: severity), bold: true))
            for finding in group {
                findingLines(finding, into: &writer)
            }
            writer.line()
        }
        summary(report, into: &writer)
        accounts(report, into: &writer)
        errors(report, into: &writer)
        expiredExemptions(report, into: &writer)
        return writer.text
    }

    private static func header(_ report: AuditReport, into writer: inout Writer) {
        let account = TextEscaping.terminalLine("\(report.account.id) (\(report.account.partition))")
        if let accounts = report.accounts {
            writer.line(
                writer.paint(
                    "mfaguard audit of the organization of management account \(account): \(accounts.count) accounts",
                    .bold))
        } else {
            writer.line(writer.paint("mfaguard audit of account \(account)", .bold))
        }
        let when = "generated \(ReportDates.iso8601(report.generatedAt)), \(report.dataAgeDescription)"
        writer.line(writer.paint(TextEscaping.terminalLine(when), .dim))
        if let banner = report.partialBanner {
            writer.line(writer.paint(TextEscaping.terminalLine(banner), .yellow, bold: true))
        }
        writer.line()
    }

    private static func findingLines(_ finding: Finding, into writer: inout Writer) {
        let marker = finding.isExempted ? "-" : "✗"
        let who = TextEscaping.terminalLine(finding.displayPrincipal)
        var first = "  \(marker) \(writer.paint(who, .bold))  [\(finding.rule)]"
        if finding.principal != nil {
            first += "  " + writer.paint(TextEscaping.terminalLine(finding.resource), .dim)
        }
        if let exemption = finding.exemption {
            first += "  " + writer.paint("EXEMPTED", .magenta, bold: true)
            writer.line(first)
            var why = "exempted: \(TextEscaping.terminalLine(exemption.reason))"
            if let owner = exemption.owner { why += " (owner \(TextEscaping.terminalLine(owner)))" }
            if let expires = exemption.expires { why += ", until \(TextEscaping.terminalLine(expires))" }
            writer.line("      " + writer.paint(why, .magenta))
        } else {
            writer.line(first)
        }
        writer.line("      " + TextEscaping.terminalLine(finding.title))
        for line in finding.detail.split(whereSeparator: \.isNewline) {
            writer.line("      " + writer.paint(TextEscaping.terminalLine(String(line)), .dim))
        }
        if !finding.cis.isEmpty {
            writer.line("      " + writer.paint(TextEscaping.terminalLine(finding.cis.joined(separator: ", ")), .dim))
        }
        writer.line("      fix: " + writer.paint(TextEscaping.terminalLine(finding.remediation), .cyan))
    }

    private static func summary(_ report: AuditReport, into writer: inout Writer) {
        let summary = report.summary
        let counts = Severity.allCases.reversed().map { severity in
            let text = "\(summary.bySeverity[severity.rawValue, default: 0]) \(severity.rawValue)"
            return summary.bySeverity[severity.rawValue, default: 0] > 0
                ? writer.paint(text, style(of: severity)) : text
        }
        writer.line(writer.paint("Summary", .bold))
        let noun = summary.total == 1 ? "finding" : "findings"
        writer.line("  \(summary.total) \(noun): \(counts.joined(separator: ", ")); \(summary.exempted) exempted")
        let rules = report.reportedRules.compactMap { entry -> String? in
            let count = report.activeCount(rule: entry.id)
            return count > 0 ? "\(entry.id) \(count)" : nil
        }
        if !rules.isEmpty {
            writer.line("  by rule: " + TextEscaping.terminalLine(rules.joined(separator: ", ")))
        }
        writer.line("  examined \(summary.users) users, \(summary.roles) roles, \(summary.policies) policies")
    }

    private static func expiredExemptions(_ report: AuditReport, into writer: inout Writer) {
        guard !report.expiredExemptions.isEmpty else { return }
        writer.line()
        writer.line(
            writer.paint(
                "Expired exemptions (no longer applied): \(report.expiredExemptions.count)", .yellow, bold: true))
        for exemption in report.expiredExemptions {
            let text =
                "\(exemption.rule) for \(exemption.principal), expired \(exemption.expires ?? "")"
                + (exemption.owner.map { ", owner \($0)" } ?? "") + ": \(exemption.reason)"
            writer.line("  ! " + writer.paint(TextEscaping.terminalLine(text), .yellow))
        }
    }

    /// `audit --organization`: one line per account (findings are told apart by the account id in their ARNs).
    private static func accounts(_ report: AuditReport, into writer: inout Writer) {
        guard let accounts = report.accounts, !accounts.isEmpty else { return }
        writer.line(writer.paint("Accounts", .bold))
        for account in accounts {
            let name = TextEscaping.terminalLine(account.name)
            let outcome =
                switch account.status {
                case .audited: writer.paint("\(account.findings) finding(s)", account.findings == 0 ? .green : .bold)
                case .partial: writer.paint("\(account.findings) finding(s), partial", .yellow)
                case .failed: writer.paint("not audited (see the errors below)", .boldRed)
                }
            writer.line("  \(account.id)  \(name): \(outcome)")
        }
        writer.line()
    }

    private static func errors(_ report: AuditReport, into writer: inout Writer) {
        guard !report.errors.isEmpty else { return }
        writer.line()
        writer.line(writer.paint("Partial result: \(report.errors.count) collection error(s)", .yellow, bold: true))
        for error in report.errors {
            let text = "\(TextEscaping.terminalLine(error.operation)): \(TextEscaping.terminalLine(error.message))"
            writer.line("  ! " + writer.paint(text, .yellow))
        }
    }

    static func style(of severity: Severity) -> Style {
        switch severity {
        case .critical: .alarm
        case .high: .boldRed
        case .medium: .yellow
        case .low: .cyan
        }
    }

    /// Collects lines, painting with SGR codes only when colour is on.
    struct Writer {
        let color: Bool
        var text = ""

        mutating func line(_ content: String = "") {
            text += content + "\n"
        }

        func paint(_ content: String, _ style: Style, bold: Bool = false) -> String {
            guard color else { return content }
            let code = bold && !style.rawValue.hasPrefix("1") ? "1;" + style.rawValue : style.rawValue
            return "\u{1B}[\(code)m\(content)\u{1B}[0m"
        }
    }
}
