import Foundation

/// The parts of a `multipart/form-data` body (RFC 7578): enough to take a file field and a few text fields.
struct MultipartForm {
    struct Part {
        var name: String?
        var filename: String?
        var contentType: String?
        var body: Data
    }

    var parts: [Part]

    /// Splits `body` on `boundary`; a body without the closing delimiter or with a part lacking headers is an error.
    init(body: Data, boundary: String) throws(APIError) {
        guard !boundary.isEmpty, boundary.utf8.count <= 70 else {
            throw APIError.badRequest("multipart boundary must be 1 to 70 characters")
        }
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        guard var cursor = body.range(of: delimiter)?.upperBound else {
            throw APIError.badRequest("multipart body does not contain its boundary")
        }
        var parts: [Part] = []
        while true {
            // After a delimiter: "--" closes the body, CRLF starts a part.
            if body[cursor...].starts(with: Data("--".utf8)) { break }
            guard body[cursor...].starts(with: Data("\r\n".utf8)) else {
                throw APIError.badRequest("multipart delimiter is not followed by CRLF")
            }
            let partStart = cursor + 2
            guard let next = body.range(of: Data("\r\n".utf8) + delimiter, in: partStart..<body.endIndex) else {
                throw APIError.badRequest("multipart body ends without its closing boundary")
            }
            let partBytes = body[partStart..<next.lowerBound]
            guard let split = partBytes.range(of: headerEnd) else {
                throw APIError.badRequest("a multipart part has no blank line after its headers")
            }
            let headerText = String(decoding: partBytes[partBytes.startIndex..<split.lowerBound], as: UTF8.self)
            parts.append(Self.part(headers: headerText, body: Data(partBytes[split.upperBound...])))
            cursor = next.upperBound
        }
        self.parts = parts
    }

    /// The first file part, or else the first part named `file` or `image`.
    var file: Part? {
        parts.first { $0.filename != nil } ?? parts.first { $0.name == "file" || $0.name == "image" }
    }

    /// The text of the field `name`, when there is one.
    func text(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: $0.body, as: UTF8.self) }
    }

    private static func part(headers: String, body: Data) -> Part {
        var part = Part(body: body)
        for line in headers.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if field == "content-type" { part.contentType = value }
            guard field == "content-disposition" else { continue }
            for parameter in value.split(separator: ";").dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                let unquoted = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2
                    ? String(pair[1].dropFirst().dropLast()) : pair[1]
                switch pair[0].lowercased() {
                case "name": part.name = unquoted
                case "filename": part.filename = unquoted
                default: break
                }
            }
        }
        return part
    }
}
