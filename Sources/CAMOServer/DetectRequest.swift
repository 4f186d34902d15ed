import Foundation

/// One `POST /v1/detect`, whatever form it came in: the images and the options that shape the answer.
struct DetectRequest {
    var images: [Data]
    /// `{"images": [...]}` asks for `{"results": [...]}` even with one image.
    var isBatch = false
    var threshold: Double?
    /// Parts to keep; nil keeps everything.
    var include: Set<ResultPart>?
    var pipeline: String?

    /// Reads `body` by its content type; `query` supplies options the body does not.
    init(contentType: String?, body: Data, query: [String: String], maxBatch: Int) throws(APIError) {
        guard !body.isEmpty else { throw APIError.emptyBody }
        let mediaType = (contentType ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        var fields: [String: String] = [:]
        switch mediaType {
        case "application/json":
            let json: JSONBody
            do {
                json = try JSONDecoder().decode(JSONBody.self, from: body)
            } catch {
                throw APIError.badRequest("the body is not the JSON this endpoint takes: \(Self.summary(of: error))")
            }
            switch (json.image, json.images) {
            case (let image?, nil):
                images = [try Self.decodeBase64(image, index: 0)]
            case (nil, let list?):
                guard !list.isEmpty else { throw APIError.badRequest("'images' is empty") }
                guard list.count <= maxBatch else {
                    throw APIError.badRequest("'images' has \(list.count) entries; at most \(maxBatch) are taken at once")
                }
                var decoded: [Data] = []
                for (index, text) in list.enumerated() { decoded.append(try Self.decodeBase64(text, index: index)) }
                images = decoded
                isBatch = true
            case (nil, nil):
                throw APIError.badRequest("the JSON body needs 'image' (base64) or 'images' (a list of base64)")
            case (_?, _?):
                throw APIError.badRequest("send either 'image' or 'images', not both")
            }
            threshold = json.threshold
            fields["include"] = json.include?.text
            fields["pipeline"] = json.pipeline
        case "multipart/form-data":
            guard let boundary = Self.parameter("boundary", in: contentType ?? "") else {
                throw APIError.badRequest("multipart/form-data needs a boundary parameter")
            }
            let form = try MultipartForm(body: body, boundary: boundary)
            guard let file = form.file, !file.body.isEmpty else {
                throw APIError.badRequest("the form has no file field (send the image as 'file')")
            }
            images = [file.body]
            for name in ["threshold", "include", "pipeline"] { fields[name] = form.text(name) }
        case let type where type.hasPrefix("image/"):
            images = [body]
        default:
            throw APIError.unsupportedMediaType(contentType ?? "none")
        }
        // Query parameters are checked even where the body overrides them: any bad part refuses the request.
        if let text = query["threshold"] { _ = try Self.threshold(text) }
        if let text = query["include"] { _ = try ResultPart.parseList(text) }
        for (name, value) in query where fields[name] == nil { fields[name] = value }

        if threshold == nil, let text = fields["threshold"] { threshold = try Self.threshold(text) }
        if let threshold { try Self.checkThreshold(threshold) }
        if let text = fields["include"] { include = try ResultPart.parseList(text) }
        pipeline = fields["pipeline"]
    }

    private static func threshold(_ text: String) throws(APIError) -> Double {
        guard let value = Double(text) else { throw APIError.badRequest("threshold '\(text)' is not a number") }
        try checkThreshold(value)
        return value
    }

    private static func checkThreshold(_ value: Double) throws(APIError) {
        guard value.isFinite && value >= 0 && value <= 1 else {
            throw APIError.badRequest("threshold must be between 0 and 1, got \(value)")
        }
    }

    /// Standard base64, optionally as a `data:` URL and with ASCII spaces, tabs and line breaks, as browsers and scripts
    /// send it (the OpenAPI document's `Base64Image` pattern says exactly this).
    private static func decodeBase64(_ text: String, index: Int) throws(APIError) -> Data {
        // Unicode scalars, not characters: "\r\n" is one character, and ":" followed by a combining mark is another
        // than ":", so a character-wise reading would keep a lone "\r" or miss the data: prefix.
        var payload = text.unicodeScalars[...]
        if payload.starts(with: "data:".unicodeScalars), let comma = payload.firstIndex(of: ",") {
            payload = payload[payload.index(after: comma)...]
        }
        var compact = String.UnicodeScalarView()
        compact.append(contentsOf: payload.filter { !["\u{20}", "\t", "\r", "\n"].contains($0) })
        guard !compact.isEmpty else { throw APIError.invalidBase64("image \(index) is empty") }
        guard let data = Data(base64Encoded: String(compact)) else {
            throw APIError.invalidBase64("image \(index) is not valid base64")
        }
        return data
    }

    private static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            return pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2
                ? String(pair[1].dropFirst().dropLast()) : pair[1]
        }
        return nil
    }

    private static func summary(of error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.keyNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}

/// The JSON request: the original's `{"image": "<base64>"}`, or `{"images": [...]}`, with options.
private struct JSONBody: Decodable {
    var image: String?
    var images: [String]?
    var threshold: Double?
    var include: IncludeList?
    var pipeline: String?
}

/// `include` as `["gate", "experts"]` or as `"gate,experts"`.
private struct IncludeList: Decodable {
    var text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([String].self) {
            text = list.joined(separator: ",")
        } else {
            text = try container.decode(String.self)
        }
    }
}
