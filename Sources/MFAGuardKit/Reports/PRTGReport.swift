/// `--format prtg`: the XML of a PRTG "EXE/Script Advanced" sensor
/// (https://www.paessler.com/manuals/prtg/custom_sensors#advanced_sensors). One channel per rule with
/// its count and a limit from the alert thresholds, then the total, exempted findings and collection
/// errors; the text names the users concerned. A partial run sets `<error>1</error>` with the reason.
enum PRTGReport {
    /// PRTG shows at most 2000 characters of sensor text.
    static let maximumTextLength = 2000

    static func render(_ report: AuditReport, thresholds: AlertThresholds) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<prtg>\n"
        for entry in report.reportedRules {
            let severity = entry.rule?.severity ?? .low
            xml += channel(
                name: entry.id, value: report.activeCount(rule: entry.id), level: thresholds.level(of: severity),
                message: entry.rule?.name)
        }
        let worst = report.findings.filter { !$0.isExempted }.map(\.severity).max()
        xml += channel(
            name: "Total findings", value: report.summary.total, level: worst.flatMap(thresholds.level(of:)),
            message: nil, limits: false)
        xml += channel(name: "Exempted findings", value: report.summary.exempted, level: nil, message: nil)
        xml += channel(
            name: "Collection errors", value: report.errors.count, level: .critical,
            message: "Some data could not be collected")
        if report.isPartial {
            xml += "  <error>1</error>\n"
        }
        xml += "  <text>\(TextEscaping.xml(text(report)))</text>\n"
        xml += "</prtg>\n"
        return xml
    }

    private static func channel(
        name: String, value: Int, level: AlertLevel?, message: String?, limits: Bool = true
    ) -> String {
        var xml = "  <result>\n"
        xml += "    <channel>\(TextEscaping.xml(name))</channel>\n"
        xml += "    <value>\(value)</value>\n"
        xml += "    <Unit>Count</Unit>\n"
        xml += "    <Float>0</Float>\n"
        if limits, let level {
            xml += "    <LimitMode>1</LimitMode>\n"
            switch level {
            case .critical: xml += "    <LimitMaxError>0</LimitMaxError>\n"
            case .warning: xml += "    <LimitMaxWarning>0</LimitMaxWarning>\n"
            }
            if let message {
                let tag = level == .critical ? "LimitErrorMsg" : "LimitWarningMsg"
                xml += "    <\(tag)>\(TextEscaping.xml(message))</\(tag)>\n"
            }
        }
        xml += "  </result>\n"
        return xml
    }

    /// One line: the counts, then the principals concerned (most severe first), cut at a name boundary so
    /// the whole text fits PRTG's limit, with how many names were left out.
    static func text(_ report: AuditReport) -> String {
        var prefix = ""
        if report.isPartial {
            let errors = report.errors.map { "\($0.operation): \($0.message)" }.joined(separator: "; ")
            prefix = "Partial audit, \(report.errors.count) collection error(s): \(errors). "
        }
        let counts = Severity.allCases.reversed().map { "\(report.activeCount($0)) \($0.rawValue)" }
        prefix += "\(report.summary.total) finding(s) (\(counts.joined(separator: ", ")))"
        if report.summary.exempted > 0 { prefix += ", \(report.summary.exempted) exempted" }
        prefix = TextEscaping.singleLine(prefix)
        var names: [String] = []
        var seen: Set<String> = []
        for finding in report.orderedFindings where !finding.isExempted {
            let name = TextEscaping.singleLine(finding.shortName(in: report.account.id))
            if seen.insert(name).inserted { names.append(name) }
        }
        guard !names.isEmpty else { return truncate(prefix + ".") }
        prefix += ". Concerned: "
        var kept: [String] = []
        for name in names {
            let trial = kept + [name]
            let left = names.count - trial.count
            let candidate = prefix + trial.joined(separator: ", ") + (left > 0 ? ", … and \(left) more" : "")
            if length(candidate) > maximumTextLength { break }
            kept = trial
        }
        let left = names.count - kept.count
        var text = prefix + kept.joined(separator: ", ")
        if left > 0 { text += (kept.isEmpty ? "" : ", ") + "… and \(left) more" }
        return truncate(text)
    }

    /// Counted in Unicode scalars, which is never fewer than what PRTG counts as characters.
    private static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// A hard cut for the case where even the counts and the first name do not fit.
    static func truncate(_ text: String) -> String {
        guard length(text) > maximumTextLength else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(maximumTextLength - 1) { scalars.append(scalar) }
        return String(scalars) + "…"
    }
}
