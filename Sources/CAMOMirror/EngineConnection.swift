import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// HTTP to one engine: its base URL, API key, timeout, and retries with backoff. Adapters build bodies and read
/// answers; this type only moves bytes and decides what is worth retrying.
public struct EngineConnection: Sendable {
    public let name: String
    public let configuration: EngineConfiguration
    let baseURL: URL
    let retries: RetryPolicy
    let session: URLSession
    let apiKey: String?
    let limiter: AsyncLimiter

    public init(name: String, configuration: EngineConfiguration, retries: RetryPolicy,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(EngineFailure) {
        guard let url = URL(string: configuration.url) else { throw .failure("bad URL", configuration.url) }
        self.name = name
        self.configuration = configuration
        self.baseURL = url
        self.retries = retries
        if let variable = configuration.apiKeyEnvironment {
            guard let key = environment[variable], !key.isEmpty else {
                throw .failure("missing API key", "engine \(name) reads its key from $\(variable), which is not set")
            }
            apiKey = key
        } else {
            apiKey = nil
        }
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = configuration.timeout
        sessionConfiguration.timeoutIntervalForResource = configuration.timeout
        sessionConfiguration.httpMaximumConnectionsPerHost = max(2, configuration.concurrency * 2)
        session = URLSession(configuration: sessionConfiguration)
        limiter = AsyncLimiter(limit: configuration.concurrency)
    }

    /// The answer to `method path` with `body` as JSON, parsed as a JSON object; retried on 429, 5xx, timeouts,
    /// dropped connections and answers that are not JSON. Other 4xx are failures at once, with the engine's message —
    /// unless `refusal` reads a refusal in them (a safety filter's 400).
    public func json(
        _ path: String, method: String = "POST", query: [URLQueryItem] = [], body: [String: Any]? = nil,
        refusal: (@Sendable (Int, [String: Any]) -> EngineFailure?)? = nil
    ) async throws(EngineFailure) -> [String: Any] {
        let bodyData = try body.map { (body) throws(EngineFailure) -> Data in
            do { return try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]) } catch {
                throw .failure("request not encodable", "\(error)")
            }
        }
        return try await withRetries { () throws(EngineFailure) -> RetryStep<[String: Any]> in
            let (data, status, retryAfter) = try await send(method, path, query: query, body: bodyData)
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            if (200..<300).contains(status) {
                guard let object else { return .retry(.failure("malformed response", Self.excerpt(data)), after: nil) }
                return .done(object)
            }
            if let object, let refused = refusal?(status, object) { throw refused }
            if status == 429 || status >= 500 { return .retry(.failure("HTTP \(status)", Self.excerpt(data)), after: retryAfter) }
            throw .failure("HTTP \(status)", Self.message(in: object) ?? Self.excerpt(data))
        }
    }

    /// Raw bytes of `GET path` (an image to download), retried like `json`.
    public func bytes(_ path: String, query: [URLQueryItem] = [], absoluteURL: URL? = nil) async throws(EngineFailure) -> Data {
        try await withRetries { () throws(EngineFailure) -> RetryStep<Data> in
            let (data, status, retryAfter) = try await send("GET", path, query: query, body: nil, absoluteURL: absoluteURL)
            if (200..<300).contains(status) { return .done(data) }
            if status == 429 || status >= 500 { return .retry(.failure("HTTP \(status)", Self.excerpt(data)), after: retryAfter) }
            throw .failure("HTTP \(status)", Self.excerpt(data))
        }
    }

    enum RetryStep<T> {
        case done(T)
        case retry(EngineFailure, after: Double?)
    }

    private func withRetries<T>(_ attempt: () async throws(EngineFailure) -> RetryStep<T>) async throws(EngineFailure) -> T {
        var last = EngineFailure.failure("no attempt")
        for number in 1...retries.attempts {
            let step: RetryStep<T>
            do {
                step = try await attempt()
            } catch where error.reason == "timeout" || error.reason == "connection failed" {
                step = .retry(error, after: nil)
            }
            switch step {
            case .done(let value):
                return value
            case .retry(let failure, let retryAfter):
                last = failure
                if number < retries.attempts {
                    let seconds = retries.delay(afterAttempt: number, retryAfter: retryAfter)
                    try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                }
            }
        }
        throw last
    }

    private func send(
        _ method: String, _ path: String, query: [URLQueryItem], body: Data?, absoluteURL: URL? = nil
    ) async throws(EngineFailure) -> (Data, Int, Double?) {
        var url = absoluteURL ?? baseURL.appendingPathComponent(path)
        if !query.isEmpty, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) {
            components.queryItems = query
            url = components.url ?? url
        }
        var request = URLRequest(url: url, timeoutInterval: configuration.timeout)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let apiKey, absoluteURL == nil { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else { throw EngineFailure.failure("not an HTTP answer") }
            let retryAfter = (http.value(forHTTPHeaderField: "Retry-After")).flatMap(Double.init)
            return (data, http.statusCode, retryAfter)
        } catch let failure as EngineFailure {
            throw failure
        } catch let error as URLError {
            switch error.code {
            case .timedOut: throw .failure("timeout", "no answer from \(name) within \(configuration.timeout) s (\(url.path))")
            case .cannotConnectToHost, .networkConnectionLost, .cannotFindHost, .notConnectedToInternet, .dnsLookupFailed:
                throw .failure("connection failed", "\(name) at \(baseURL.absoluteString): \(error.localizedDescription)")
            default: throw .failure("connection failed", "\(name): \(error.localizedDescription)")
            }
        } catch {
            throw .failure("connection failed", "\(name): \(error.localizedDescription)")
        }
    }

    static func excerpt(_ data: Data) -> String {
        String(decoding: data.prefix(200), as: UTF8.self)
    }

    /// The error text engines put in their JSON: OpenAI's `error.message`, Ollama's `error`, A1111's `detail`.
    static func message(in object: [String: Any]?) -> String? {
        guard let object else { return nil }
        if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
        if let error = object["error"] as? String { return error }
        if let detail = object["detail"] as? String { return detail }
        return nil
    }
}
