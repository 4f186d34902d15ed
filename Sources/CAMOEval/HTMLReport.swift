import Foundation

/// `report.html`: one self-contained page (no external assets) with ROC, PR and reliability charts as inline SVG,
/// per-slice tables with intervals, routing statistics and a gallery of the worst mistakes.
public enum HTMLReport {
    /// `thumbnails` maps image ids to small JPEGs, embedded as data URIs.
    public static func render(_ results: EvaluationResults, thumbnails: [String: Data] = [:]) -> String {
        let c = results.configuration
        var body = "<h1>CAMO evaluation: \(escape(c.dataset))</h1>"
        body += "<p>Pipeline <code>\(escape(c.pipeline))</code>, augmentation <code>\(escape(c.augmentation))</code> (seed \(c.seed)), "
            + "threshold \(MarkdownReport.format(c.threshold)) fixed in advance, \(results.images) images, "
            + "\(results.missing.count) missing, dataset hash <code>\(results.datasetHash.prefix(12))</code>, version \(escape(c.camoVersion)).</p>"
        let withCurves = results.systems.filter { $0.curves != nil }
        let roc = SVGChart(title: "ROC", xLabel: "false-positive rate", yLabel: "true-positive rate",
                           series: withCurves.map { .init(name: $0.system, points: $0.curves?.roc.map { ($0.fpr, $0.tpr) } ?? []) },
                           reference: (0, 1))
        let pr = SVGChart(title: "Precision–recall", xLabel: "recall", yLabel: "precision",
                          series: withCurves.map { system in
                              // Drawn from recall 0 at the first point's precision, as scikit-learn's curve ends.
                              let points = system.curves?.precisionRecall.map { ($0.recall, $0.precision) } ?? []
                              return .init(name: system.system, points: (points.first.map { [(0, $0.1)] } ?? []) + points)
                          })
        let reliability = SVGChart(title: "Reliability", xLabel: "mean predicted p(fake)", yLabel: "fraction fake",
                                   series: results.systems.map { .init(name: $0.system, points: $0.reliability.map { ($0.meanPredicted, $0.fractionFake) }, markers: true) },
                                   reference: (0, 1))
        let riskCoverage = SVGChart(title: "Risk–coverage", xLabel: "coverage (most confident first)", yLabel: "error rate",
                                    series: results.systems.map { system in
                                        .init(name: system.system, points: system.riskCoverage?.points.map { ($0.coverage, $0.risk) } ?? [],
                                              markers: true)
                                    })
        body += "<div class=\"charts\">\(roc.render())\(pr.render())\(reliability.render())\(riskCoverage.render())</div>"
        body += "<h2>Systems</h2>" + table(results.systems.map { ($0.system, $0.overall) }, firstColumn: "system")
        body += "<h2>Verdicts</h2><p>Coverage is the share of images called fake or real; uncertain lowers coverage, not accuracy.</p>"
            + selectiveTable(results.systems.map { ($0.system, $0.overall) }, firstColumn: "system")
        for system in results.systems {
            body += "<h2>\(escape(system.system))</h2><p>"
            if let m = system.overall.metrics {
                let k = m.confusion
                body += "Confusion at \(MarkdownReport.format(m.threshold)): TP \(k.truePositives), FP \(k.falsePositives), "
                    + "TN \(k.trueNegatives), FN \(k.falseNegatives). "
            }
            if let agreement = system.gateAgreement { body += "Gate content matched the manifest on \(MarkdownReport.percent(agreement)). " }
            body += "</p><h3>Routes</h3><table><tr><th>route</th><th>images</th></tr>"
            for (route, count) in system.routes.sorted(by: { $0.value > $1.value }) {
                body += "<tr><td>\(escape(route))</td><td>\(count)</td></tr>"
            }
            body += "</table><h3>Slices</h3>" + table(system.slices.map { ("\($0.key) = \($0.value)", $0) }, firstColumn: "slice")
            body += "<h3>Verdicts by slice</h3>" + selectiveTable(system.slices.map { ("\($0.key) = \($0.value)", $0) }, firstColumn: "slice")
            body += gallery("Worst false positives", system.worstFalsePositives, thumbnails)
            body += gallery("Worst false negatives", system.worstFalseNegatives, thumbnails)
        }
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>CAMO evaluation: \(escape(c.dataset))</title>
        <style>
        body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0;font-size:12px}
        td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}td:first-child,th:first-child{text-align:left}
        .ci{color:#777;font-size:10px}.charts{display:flex;flex-wrap:wrap;gap:12px}
        figure{display:inline-block;margin:6px;font-size:11px;width:140px}figure img{max-width:128px;max-height:128px}
        </style></head><body>\(body)</body></html>
        """
    }

    private static func table(_ rows: [(String, SystemReport.Slice)], firstColumn: String) -> String {
        let names = BinaryMetrics.scalarNames
        var html = "<table><tr><th>\(firstColumn)</th><th>images</th><th>scored</th>" + names.map { "<th>\($0)</th>" }.joined() + "</tr>"
        for (label, slice) in rows {
            html += "<tr><td>\(escape(label))</td><td>\(slice.images)</td><td>\(slice.scored)</td>"
            for name in names {
                guard let value = slice.metrics?.value(name) else { html += "<td>–</td>"; continue }
                html += "<td>\(MarkdownReport.format(value))"
                if let ci = slice.intervals?.intervals[name] {
                    html += "<br><span class=\"ci\">[\(MarkdownReport.format(ci.low)), \(MarkdownReport.format(ci.high))]</span>"
                }
                html += "</td>"
            }
            html += "</tr>"
        }
        return html + "</table>"
    }

    private static func selectiveTable(_ rows: [(String, SystemReport.Slice)], firstColumn: String) -> String {
        var html = "<table><tr><th>\(firstColumn)</th><th>images</th><th>coverage</th><th>accuracy of definite verdicts</th>"
            + "<th>reals called fake</th><th>fakes called real</th><th>bases</th></tr>"
        for (label, slice) in rows {
            guard let s = slice.selective else { continue }
            html += "<tr><td>\(escape(label))</td>" + s.reportCells.map { "<td>\(escape($0))</td>" }.joined() + "</tr>"
        }
        return html + "</table>"
    }

    private static func gallery(_ title: String, _ mistakes: [SystemReport.Mistake], _ thumbnails: [String: Data]) -> String {
        guard !mistakes.isEmpty else { return "" }
        var html = "<h3>\(title)</h3><div>"
        for mistake in mistakes {
            let image = thumbnails[mistake.id].map { "<img alt=\"\" src=\"data:image/jpeg;base64,\($0.base64EncodedString())\">" } ?? ""
            html += "<figure>\(image)<figcaption>\(escape(mistake.id))<br>p(fake) \(MarkdownReport.format(mistake.pFake))"
                + "<br>\(escape(mistake.route))</figcaption></figure>"
        }
        return html + "</div>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
