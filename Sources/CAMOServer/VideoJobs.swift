import CAMOVideo
import Foundation

/// The video jobs of a server: a bounded queue, run one at a time (a video already keeps the cores busy, and image
/// requests must still get through), results kept for `resultSeconds` after they finish.
actor VideoJobs {
    struct Job: Sendable, Encodable {
        enum Status: String, Sendable, Encodable { case queued, running, done, failed }

        var id: String
        var status: Status
        /// Share of the clip read, 0…1.
        var progress: Double
        var createdAt: String
        var finishedAt: String?
        /// When it finished, for expiry; not part of the answer.
        var finished: Date?
        var result: VideoResult?
        var error: APIError.Envelope.Body?

        enum CodingKeys: String, CodingKey {
            case id, status, progress, result, error
            case createdAt = "created_at"
            case finishedAt = "finished_at"
        }
    }

    struct Work: Sendable {
        var id: String
        var path: URL
        var sampling: FrameSampling
    }

    private var jobs: [String: Job] = [:]
    private var pending: [Work] = []
    private var running = false
    let capacity: Int
    let resultSeconds: Double

    init(capacity: Int, resultSeconds: Double) {
        self.capacity = capacity
        self.resultSeconds = resultSeconds
    }

    /// Queues `work`; false when the queue is full. An upload that is not `readable` as a video is recorded as failed.
    func submit(_ work: Work, service: any DetectionService, readable: Bool) -> Bool {
        purge()
        let active = jobs.values.filter { $0.status == .queued || $0.status == .running }.count
        guard active < capacity else { return false }
        jobs[work.id] = Job(id: work.id, status: .queued, progress: 0, createdAt: Date().ISO8601Format())
        guard readable else {
            try? FileManager.default.removeItem(at: work.path)
            finish(work.id, result: nil, error: .init(code: "not_a_video", message: "the upload is not a video CAMO can read"))
            return true
        }
        pending.append(work)
        if !running {
            running = true
            Task { await self.drain(service) }
        }
        return true
    }

    func job(_ id: String) -> Job? {
        purge()
        return jobs[id]
    }

    private func drain(_ service: any DetectionService) async {
        while !pending.isEmpty {
            let work = pending.removeFirst()
            jobs[work.id]?.status = .running
            do {
                let result = try await service.detectVideo(path: work.path.path, id: work.id, sampling: work.sampling) { share in
                    Task { await self.update(work.id, progress: share) }
                }
                finish(work.id, result: result, error: nil)
            } catch {
                finish(work.id, result: nil, error: .init(code: "video_failed", message: "\(error)".replacingOccurrences(of: work.path.path, with: "the upload")))
            }
            try? FileManager.default.removeItem(at: work.path)
        }
        running = false
    }

    private func update(_ id: String, progress: Double) {
        if jobs[id]?.status == .running { jobs[id]?.progress = progress }
    }

    private func finish(_ id: String, result: VideoResult?, error: APIError.Envelope.Body?) {
        jobs[id]?.status = result == nil ? .failed : .done
        jobs[id]?.progress = 1
        let now = Date()
        jobs[id]?.finished = now
        jobs[id]?.finishedAt = now.ISO8601Format()
        jobs[id]?.result = result
        jobs[id]?.error = error
    }

    /// Forgets finished jobs older than `resultSeconds`.
    private func purge() {
        let now = Date()
        jobs = jobs.filter { _, job in job.finished.map { now.timeIntervalSince($0) <= resultSeconds } ?? true }
    }
}
