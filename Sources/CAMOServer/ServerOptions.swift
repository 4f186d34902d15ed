/// How `camo serve` listens and what it lets in. Every limit is bounded by default.
public struct ServerOptions: Sendable {
    /// Address to bind; loopback unless asked otherwise.
    public var host = "127.0.0.1"
    public var port = 8080
    /// Largest request body accepted, in bytes (20 MB).
    public var maxBodyBytes = 20 * 1024 * 1024
    /// Most images judged at once (2, one per core of a small machine).
    public var maxConcurrency = 2
    /// Most images waiting for a turn; past this the server answers 503 with `Retry-After` (16).
    public var queueDepth = 16
    /// Longest a request may wait and run before it is answered 504, in seconds (30).
    public var timeoutSeconds: Double = 30
    /// Seconds a client is told to wait in `Retry-After` when the queue is full (1).
    public var retryAfterSeconds = 1
    /// Most images in one `{"images": [...]}` request (16).
    public var maxBatch = 16
    /// When set, `/v1/*` and `/metrics` need `Authorization: Bearer <token>`.
    public var apiToken: String?
    /// Origins allowed to call the API from a browser (e.g. an extension's `chrome-extension://…`); `*` allows any.
    /// Empty: no CORS headers are sent.
    public var corsOrigins: [String] = []
    /// Reported by `/v1/pipeline`.
    public var version = "0.0.0"
    /// Largest video a job may upload, in bytes (512 MB); the upload is kept in memory, then in a temporary file.
    public var maxVideoBytes = 512 * 1024 * 1024
    /// Most video jobs queued or running; past this `POST /v1/jobs` answers 503 with `Retry-After` (8).
    public var maxVideoJobs = 8
    /// How long a finished job's result can be fetched, in seconds (3600).
    public var jobResultSeconds: Double = 3600

    public init() {}
}
