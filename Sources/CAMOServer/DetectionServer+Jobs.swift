import CAMOVideo
import Foundation
import Hummingbird

/// `POST /v1/jobs` and `GET /v1/jobs/{id}`: videos are long, so they are judged asynchronously.
extension DetectionServer {
    /// Accepts a video (raw bytes, `video/*` or `application/octet-stream`) and queues it: 202 with the job's id and
    /// where to ask for it. Bytes that do not open as a video make a job that has already failed, saying so, so the
    /// client learns it at its first look rather than after a wait in the queue.
    func submitJob(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let service = try readyService()
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard type.hasPrefix("video/") || type == "application/octet-stream" else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type",
                           "content type '\(type)' is not accepted; send the video's bytes as video/* or application/octet-stream")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > options.maxVideoBytes {
            throw APIError.tooLarge(limit: options.maxVideoBytes)
        }
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let sampling = try Self.sampling(query)
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: options.maxVideoBytes) } catch { throw APIError.tooLarge(limit: options.maxVideoBytes) }
        guard buffer.readableBytes > 0 else { throw APIError(.badRequest, code: "empty_body", "the request has no body; send a video") }
        let id = UUID().uuidString.lowercased()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("camo-job-\(id)")
        do { try Data(buffer: buffer).write(to: file) } catch {
            throw APIError(.internalServerError, code: "storage_failed", "the upload could not be stored: \(error.localizedDescription)")
        }
        var readable = true
        do { _ = try VideoDecoder(path: file.path) } catch { readable = false }
        guard await jobs.submit(.init(id: id, path: file, sampling: sampling), service: service, readable: readable) else {
            try? FileManager.default.removeItem(at: file)
            throw APIError(.serviceUnavailable, code: "overloaded", "\(options.maxVideoJobs) video jobs are queued or running; retry later",
                           headers: [.retryAfter: String(max(options.retryAfterSeconds, 5))])
        }
        var response = Self.json(Accepted(id: id, status: "queued", statusURL: "/v1/jobs/\(id)"))
        response.status = .accepted
        response.headers[.location] = "/v1/jobs/\(id)"
        return response
    }

    /// The job; with `wait=S` (up to 30 s) the answer waits until the job has finished or S seconds have passed, so a
    /// client need not poll quickly.
    func jobStatus(_ request: Request, context: BasicRequestContext) async throws -> Response {
        _ = try readyService()
        let id = context.parameters.get("id") ?? ""
        var wait = 0.0
        if let text = request.uri.queryParameters["wait"].map(String.init) {
            guard let seconds = Double(text), seconds.isFinite, seconds >= 0 else { throw APIError.badRequest("wait must be seconds ≥ 0, not '\(text)'") }
            wait = min(seconds, 30)
        }
        let deadline = ContinuousClock.now + .milliseconds(Int(wait * 1000))
        var job = await jobs.job(id)
        while let current = job, current.status == .queued || current.status == .running, ContinuousClock.now < deadline {
            try await Task.sleep(nanoseconds: 50_000_000)
            job = await jobs.job(id)
        }
        guard let job else {
            throw APIError(.notFound, code: "unknown_job", "no job '\(id)': it never existed, or its result was kept \(Int(options.jobResultSeconds)) s and has expired")
        }
        return Self.json(job)
    }

    struct Accepted: Encodable {
        var id: String
        var status: String
        var statusURL: String

        enum CodingKeys: String, CodingKey {
            case id, status
            case statusURL = "status_url"
        }
    }

    /// `every` (seconds), `max_frames`, `max_seconds`, as `camo detect`'s options.
    static func sampling(_ query: [String: String]) throws -> FrameSampling {
        var sampling = FrameSampling()
        func number(_ key: String) throws -> Double? {
            guard let text = query[key] else { return nil }
            guard let value = Double(text), value.isFinite, value > 0 else { throw APIError.badRequest("\(key) must be a positive number, not '\(text)'") }
            return value
        }
        if let every = try number("every") { sampling.mode = .every(seconds: every) }
        if let most = try number("max_frames") {
            guard most == most.rounded(), most <= 10_000 else { throw APIError.badRequest("max_frames must be a whole number up to 10000") }
            sampling.maximumFrames = Int(most)
        }
        if let seconds = try number("max_seconds") { sampling.maximumSeconds = min(seconds, 36_000) }
        return sampling
    }
}
