import CAMO
import Foundation

/// Counters and histograms for `/metrics`, in the Prometheus text format (version 0.0.4).
public final class ServerMetrics: @unchecked Sendable {
    /// Upper bounds in seconds, from a fast stub to a slow CPU model.
    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    struct Histogram {
        var counts = [Int](repeating: 0, count: ServerMetrics.buckets.count)
        var sum = 0.0
        var count = 0

        mutating func observe(_ seconds: Double) {
            for (index, bound) in ServerMetrics.buckets.enumerated() where seconds <= bound { counts[index] += 1 }
            sum += seconds
            count += 1
        }
    }

    private let lock = NSLock()
    private var responses: [Int: Int] = [:]
    private var verdicts: [String: Int] = [:]
    private var requestDuration = Histogram()
    private var stages: [String: Histogram] = [:]
    private var experts: [String: Histogram] = [:]
    /// Expert names come from the pipeline, but keep the label set bounded all the same.
    private let maxExpertLabels = 64

    public init() {}

    func recordResponse(status: Int) {
        lock.withLock { responses[status, default: 0] += 1 }
    }

    func recordDetection(seconds: Double) {
        lock.withLock { requestDuration.observe(seconds) }
    }

    func record(_ result: DetectionResult) {
        lock.withLock {
            verdicts[result.verdict.rawValue, default: 0] += 1
            for (stage, ms) in result.timingsMs where ["decode", "gate", "experts", "total"].contains(stage) {
                stages[stage, default: Histogram()].observe(ms / 1000)
            }
            for expert in result.experts where experts[expert.name] != nil || experts.count < maxExpertLabels {
                experts[expert.name, default: Histogram()].observe(expert.ms / 1000)
            }
        }
    }

    /// The exposition text, with the gauges read at call time.
    func render(inFlight: Int, queued: Int, ready: Bool, loadSeconds: Double, warmUpSeconds: Double) -> String {
        lock.withLock {
            var text = ""
            text += "# HELP camo_http_responses_total HTTP responses by status code.\n"
            text += "# TYPE camo_http_responses_total counter\n"
            for status in responses.keys.sorted() {
                text += "camo_http_responses_total{status=\"\(status)\"} \(responses[status]!)\n"
            }
            text += "# HELP camo_images_total Images judged, by verdict.\n# TYPE camo_images_total counter\n"
            for verdict in verdicts.keys.sorted() {
                text += "camo_images_total{verdict=\"\(verdict)\"} \(verdicts[verdict]!)\n"
            }
            text += "# HELP camo_detect_request_duration_seconds Time to answer POST /v1/detect, queueing included.\n"
            text += "# TYPE camo_detect_request_duration_seconds histogram\n"
            text += Self.lines("camo_detect_request_duration_seconds", label: nil, requestDuration)
            text += "# HELP camo_stage_duration_seconds Time per pipeline stage and image.\n"
            text += "# TYPE camo_stage_duration_seconds histogram\n"
            for stage in stages.keys.sorted() {
                text += Self.lines("camo_stage_duration_seconds", label: ("stage", stage), stages[stage]!)
            }
            text += "# HELP camo_expert_duration_seconds Time per expert and image.\n"
            text += "# TYPE camo_expert_duration_seconds histogram\n"
            for expert in experts.keys.sorted() {
                text += Self.lines("camo_expert_duration_seconds", label: ("expert", expert), experts[expert]!)
            }
            text += "# HELP camo_in_flight Requests being judged now.\n# TYPE camo_in_flight gauge\ncamo_in_flight \(inFlight)\n"
            text += "# HELP camo_queue_depth Requests waiting for a slot.\n# TYPE camo_queue_depth gauge\ncamo_queue_depth \(queued)\n"
            text += "# HELP camo_ready Whether the pipeline is loaded and warmed up (1) or not yet (0).\n# TYPE camo_ready gauge\n"
            text += "camo_ready \(ready ? 1 : 0)\n"
            text += "# HELP camo_model_load_seconds Time the pipeline took to load (0 until loaded).\n"
            text += "# TYPE camo_model_load_seconds gauge\ncamo_model_load_seconds \(loadSeconds)\n"
            text += "# HELP camo_warm_up_seconds Time the warm-up detection took (0 until it has run).\n"
            text += "# TYPE camo_warm_up_seconds gauge\ncamo_warm_up_seconds \(warmUpSeconds)\n"
            return text
        }
    }

    private static func lines(_ name: String, label: (String, String)?, _ histogram: Histogram) -> String {
        let prefix = label.map { "\($0.0)=\"\(escape($0.1))\"," } ?? ""
        let plain = label.map { "{\($0.0)=\"\(escape($0.1))\"}" } ?? ""
        var text = ""
        for (index, bound) in buckets.enumerated() {
            text += "\(name)_bucket{\(prefix)le=\"\(bound)\"} \(histogram.counts[index])\n"
        }
        text += "\(name)_bucket{\(prefix)le=\"+Inf\"} \(histogram.count)\n"
        text += "\(name)_sum\(plain) \(histogram.sum)\n"
        text += "\(name)_count\(plain) \(histogram.count)\n"
        return text
    }

    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
