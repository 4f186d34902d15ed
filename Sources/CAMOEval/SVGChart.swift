import Foundation

/// A small line chart drawn as inline SVG: unit axes, a grid, one polyline per series, a legend.
public struct SVGChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        /// Draw markers instead of a line (the reliability diagram).
        public var markers: Bool

        public init(name: String, points: [(x: Double, y: Double)], markers: Bool = false) {
            self.name = name
            self.points = points
            self.markers = markers
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// A dashed reference line from (0, a) to (1, b), e.g. the ROC chance diagonal.
    public var reference: (Double, Double)?

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
    static let size = 320.0, margin = 44.0

    public init(title: String, xLabel: String, yLabel: String, series: [Series], reference: (Double, Double)? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.reference = reference
    }

    public func render() -> String {
        let s = Self.size, m = Self.margin
        let width = s + m + 170, height = s + 2 * m
        func px(_ x: Double) -> String { String(format: "%.1f", m + x * s) }
        func py(_ y: Double) -> String { String(format: "%.1f", m + (1 - y) * s) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLReport.escape(title))\">"
        svg += "<text x=\"\(px(0.5))\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">\(HTMLReport.escape(title))</text>"
        for tick in stride(from: 0.0, through: 1.0, by: 0.2) {
            svg += "<line x1=\"\(px(tick))\" y1=\"\(py(0))\" x2=\"\(px(tick))\" y2=\"\(py(1))\" stroke=\"#ddd\"/>"
            svg += "<line x1=\"\(px(0))\" y1=\"\(py(tick))\" x2=\"\(px(1))\" y2=\"\(py(tick))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(px(tick))\" y=\"\(String(format: "%.1f", m + s + 14))\" text-anchor=\"middle\" font-size=\"10\">\(String(format: "%.1f", tick))</text>"
            svg += "<text x=\"\(String(format: "%.1f", m - 6))\" y=\"\(py(tick))\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"10\">\(String(format: "%.1f", tick))</text>"
        }
        svg += "<rect x=\"\(px(0))\" y=\"\(py(1))\" width=\"\(Int(s))\" height=\"\(Int(s))\" fill=\"none\" stroke=\"#333\"/>"
        svg += "<text x=\"\(px(0.5))\" y=\"\(String(format: "%.1f", height - 8))\" text-anchor=\"middle\" font-size=\"12\">\(HTMLReport.escape(xLabel))</text>"
        svg += "<text x=\"12\" y=\"\(py(0.5))\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 12 \(py(0.5)))\">\(HTMLReport.escape(yLabel))</text>"
        if let (a, b) = reference {
            svg += "<line x1=\"\(px(0))\" y1=\"\(py(a))\" x2=\"\(px(1))\" y2=\"\(py(b))\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>"
        }
        for (index, line) in series.enumerated() {
            let colour = Self.palette[index % Self.palette.count]
            if line.markers {
                for point in line.points {
                    svg += "<circle cx=\"\(px(point.x))\" cy=\"\(py(point.y))\" r=\"4\" fill=\"\(colour)\" fill-opacity=\"0.8\"/>"
                }
            } else if !line.points.isEmpty {
                let path = line.points.map { "\(px($0.x)),\(py($0.y))" }.joined(separator: " ")
                svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            }
            let y = m + 10 + Double(index) * 18
            svg += "<rect x=\"\(Int(m + s + 12))\" y=\"\(Int(y - 8))\" width=\"12\" height=\"12\" fill=\"\(colour)\"/>"
            svg += "<text x=\"\(Int(m + s + 30))\" y=\"\(Int(y + 2))\" font-size=\"11\">\(HTMLReport.escape(line.name))</text>"
        }
        return svg + "</svg>"
    }
}
