import MFAGuardConsole

/// `--format html`: one self-contained page (inline CSS, inline SVG charts, a small inline script to sort
/// the findings table). A Content-Security-Policy forbids every fetch, so opening it loads nothing else.
enum HTMLReport {
    static func render(_ report: AuditReport) -> String {
        let e = TextEscaping.html
        let title = "mfaguard audit — account \(report.account.id)"
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
            script-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="mfaguard \(MFAGuardVersion.current)">
            <title>\(e(title))</title>
            <style>\(stylesheet)</style>
            </head>
            <body>
            <header>
            <h1>\(e(title))</h1>
            <p class="meta">Partition \(e(report.account.partition)) · generated \
            <time datetime="\(ReportDates.iso8601(report.generatedAt))">\(ReportDates.iso8601(report.generatedAt))</time>\
            \(dataAge(report))</p>
            </header>

            """
        html += errorsSection(report)
        html += summarySection(report)
        html += chartsSection(report)
        html += findingsSection(report)
        html += "<script>\(script)</script>\n</body>\n</html>\n"
        return html
    }

    static func summaryText(_ report: AuditReport) -> String {
        let counts = Severity.allCases.reversed().map { "\(report.activeCount($0)) \($0.rawValue)" }
        let noun = report.summary.total == 1 ? "finding" : "findings"
        return "\(report.summary.total) \(noun) (\(counts.joined(separator: ", "))), "
            + "\(report.summary.exempted) exempted"
    }

    private static func dataAge(_ report: AuditReport) -> String {
        guard let dataAsOf = report.dataAsOf, !report.credentialReportMissing else {
            return " · " + TextEscaping.html(report.dataAgeDescription)
        }
        let stamp = ReportDates.iso8601(dataAsOf)
        return " · data as of <time datetime=\"\(stamp)\">\(stamp)</time>, the date the credential report carries "
            + "(\(ReportDates.age(from: dataAsOf, to: report.generatedAt)) old)"
    }

    private static func errorsSection(_ report: AuditReport) -> String {
        guard report.isPartial else { return "" }
        var html = "<section class=\"partial\" id=\"errors\">\n<h2>Partial result: "
        html += "\(report.errors.count) collection error(s)</h2>\n<ul>\n"
        for error in report.errors {
            html += "<li><code>\(TextEscaping.html(error.operation))</code>: \(TextEscaping.html(error.message))</li>\n"
        }
        return html + "</ul>\n</section>\n"
    }

    private static func summarySection(_ report: AuditReport) -> String {
        let summary = report.summary
        var html = "<section id=\"summary\">\n<h2>Summary</h2>\n"
        html += "<p id=\"summary-text\">\(TextEscaping.html(summaryText(report)))</p>\n<div class=\"cards\">\n"
        for severity in Severity.allCases.reversed() {
            html += card(label: severity.rawValue, value: report.activeCount(severity), css: "sev-\(severity.rawValue)")
        }
        html += card(label: "exempted", value: summary.exempted, css: "exempted")
        html += card(label: "collection errors", value: report.errors.count, css: report.isPartial ? "sev-high" : "")
        html += "</div>\n<p class=\"meta\">Examined \(summary.users) users, \(summary.roles) roles, "
        html += "\(summary.policies) policies.</p>\n</section>\n"
        return html
    }

    private static func card(label: String, value: Int, css: String) -> String {
        "<div class=\"card \(css)\"><span class=\"value\">\(value)</span><span class=\"label\">\(label)</span></div>\n"
    }

    private static func chartsSection(_ report: AuditReport) -> String {
        let bySeverity = Severity.allCases.reversed().map {
            (label: $0.rawValue, value: report.activeCount($0), css: "sev-\($0.rawValue)")
        }
        let byRule = report.reportedRules.map { entry in
            (
                label: entry.id, value: report.activeCount(rule: entry.id),
                css: "sev-\(entry.rule?.severity.rawValue ?? "low")"
            )
        }
        var html = "<section id=\"charts\">\n<h2>Findings by severity and by rule</h2>\n<div class=\"charts\">\n"
        html += barChart(id: "chart-severity", title: "By severity", bars: bySeverity)
        html += barChart(id: "chart-rule", title: "By rule", bars: byRule)
        return html + "</div>\n</section>\n"
    }

    /// A horizontal bar chart in inline SVG: one labelled bar per entry, scaled to the largest value.
    static func barChart(id: String, title: String, bars: [(label: String, value: Int, css: String)]) -> String {
        let rowHeight = 24
        let labelWidth = 190
        let barSpace = 260
        let height = bars.count * rowHeight + 8
        let maximum = max(1, bars.map(\.value).max() ?? 1)
        var svg = "<figure><figcaption>\(TextEscaping.html(title))</figcaption>\n"
        svg +=
            "<svg id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(labelWidth + barSpace + 40)\""
        svg += " height=\"\(height)\" viewBox=\"0 0 \(labelWidth + barSpace + 40) \(height)\">\n"
        svg += "<title>\(TextEscaping.html(title))</title>\n"
        for (index, bar) in bars.enumerated() {
            let y = 4 + index * rowHeight
            let width = bar.value == 0 ? 0 : max(2, bar.value * barSpace / maximum)
            svg +=
                "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" text-anchor=\"end\">\(TextEscaping.html(bar.label))</text>"
            svg += "<rect class=\"bar \(bar.css)\" x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"16\""
            svg += " data-value=\"\(bar.value)\"></rect>"
            svg += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 16)\">\(bar.value)</text>\n"
        }
        return svg + "</svg></figure>\n"
    }

    private static func findingsSection(_ report: AuditReport) -> String {
        let e = TextEscaping.html
        var html = "<section id=\"findings\">\n<h2>Findings</h2>\n"
        guard !report.findings.isEmpty else {
            return html
                + "<p class=\"\(report.isPartial ? "partial" : "clean")\">\(TextEscaping.html(report.noFindingsHeadline))"
                + "</p>\n</section>\n"
        }
        html += "<p class=\"meta\">Click a column heading to sort.</p>\n<table id=\"findings-table\">\n<thead><tr>"
        for (index, column) in ["Severity", "Rule", "Principal", "Finding", "Remediation", "Status"].enumerated() {
            html += "<th data-column=\"\(index)\" tabindex=\"0\">\(column)</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for finding in report.orderedFindings {
            let rank = Severity.allCases.firstIndex(of: finding.severity)!
            html += "<tr class=\"\(finding.isExempted ? "exempted" : "active")\">"
            html += "<td data-sort=\"\(rank)\"><span class=\"badge sev-\(finding.severity.rawValue)\">"
            html += "\(finding.severity.rawValue)</span></td>"
            html += "<td><code>\(e(finding.rule))</code></td>"
            html += "<td>\(e(finding.principal ?? "—"))"
            if let policy = finding.policy { html += "<div class=\"policy\">inline policy \(e(policy))</div>" }
            html += "<div class=\"arn\">\(e(finding.resource))</div></td>"
            html += "<td><strong>\(e(finding.title))</strong><div class=\"detail\">\(e(finding.detail))</div>"
            if !finding.cis.isEmpty { html += "<div class=\"cis\">\(e(finding.cis.joined(separator: ", ")))</div>" }
            html += "</td><td><code class=\"fix\">\(e(finding.remediation))</code></td>"
            if let exemption = finding.exemption {
                var status = "exempted: \(exemption.reason)"
                if let owner = exemption.owner { status += " (owner \(owner))" }
                if let expires = exemption.expires { status += ", until \(expires)" }
                html += "<td data-sort=\"1\">\(e(status))</td>"
            } else {
                html += "<td data-sort=\"0\">open</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    private static let stylesheet = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d2330;background:#fff}\
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}\
        .meta{color:#5b6475;margin:4px 0}\
        .partial{background:#fff4e0;border-left:4px solid #e08a00;padding:8px 14px;margin-top:16px}\
        .cards{display:flex;gap:12px;flex-wrap:wrap}\
        .card{border:1px solid #d9dde6;border-radius:6px;padding:10px 16px;min-width:92px;border-top-width:4px}\
        .card .value{display:block;font-size:26px;font-weight:700}.card .label{color:#5b6475}\
        .card.sev-critical{border-top-color:#b3132b}.card.sev-high{border-top-color:#e0482b}\
        .card.sev-medium{border-top-color:#e0a800}.card.sev-low{border-top-color:#2b7de0}\
        .card.exempted{border-top-color:#8a5cc7}\
        .charts{display:flex;gap:32px;flex-wrap:wrap}figure{margin:0}\
        figcaption{font-weight:600;margin-bottom:4px}svg text{font-size:12px;fill:#1d2330}\
        rect.sev-critical,.badge.sev-critical{fill:#b3132b;background:#b3132b}\
        rect.sev-high,.badge.sev-high{fill:#e0482b;background:#e0482b}\
        rect.sev-medium,.badge.sev-medium{fill:#e0a800;background:#e0a800}\
        rect.sev-low,.badge.sev-low{fill:#2b7de0;background:#2b7de0}\
        table{border-collapse:collapse;width:100%;margin-top:6px}\
        th,td{border-bottom:1px solid #e3e6ee;padding:6px 8px;text-align:left;vertical-align:top}\
        th{background:#f3f5f9;cursor:pointer;user-select:none;white-space:nowrap}\
        th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}\
        .badge{color:#fff;border-radius:4px;padding:1px 7px;font-size:12px;text-transform:uppercase}\
        .arn,.detail,.cis{color:#5b6475;font-size:12px;white-space:pre-wrap;word-break:break-all}\
        code.fix{font-size:12px;white-space:pre-wrap;word-break:break-all}\
        tr.exempted td{opacity:.6}tr.exempted td:last-child{opacity:1;color:#6b3fa0}\
        .clean{color:#1a7f37;font-weight:600}
        """

    /// Sorts the findings table by the clicked column (again: reverse); cells may carry a `data-sort` key.
    private static let script = """
        (function(){var t=document.getElementById('findings-table');if(!t)return;\
        var hs=t.tHead.rows[0].cells;function key(r,i){var c=r.cells[i];\
        return c.hasAttribute('data-sort')?Number(c.getAttribute('data-sort')):c.textContent.trim().toLowerCase();}\
        function sort(i){var h=hs[i];var asc=h.getAttribute('aria-sort')!=='ascending';\
        for(var j=0;j<hs.length;j++)hs[j].removeAttribute('aria-sort');\
        h.setAttribute('aria-sort',asc?'ascending':'descending');var b=t.tBodies[0];\
        var rows=Array.prototype.slice.call(b.rows);rows.sort(function(x,y){var a=key(x,i),c=key(y,i);\
        var r=a<c?-1:a>c?1:0;return asc?r:-r;});rows.forEach(function(r){b.appendChild(r);});}\
        for(var i=0;i<hs.length;i++)(function(i){hs[i].addEventListener('click',function(){sort(i);});\
        hs[i].addEventListener('keydown',function(ev){if(ev.key==='Enter')sort(i);});})(i);})();
        """
}
