import Foundation

/// Pulls a few simple properties out of an XMP packet without a full XML parser.
///
/// Provenance needs only a handful of values, in either RDF form: as an attribute
/// (`xmp:CreatorTool="…"`) or as an element (`<xmp:CreatorTool>…</xmp:CreatorTool>`, possibly
/// wrapping an `rdf:Alt`/`rdf:li`). Scanning for those avoids an XML parser's cost and its
/// entity-expansion risks on hostile packets.
enum XMPProperties {
    /// Qualified names looked up in every packet.
    static let names = [
        "xmp:CreatorTool", "Iptc4xmpExt:DigitalSourceType", "photoshop:Credit", "dc:creator",
        "dc:description", "tiff:Make", "tiff:Model", "tiff:Software", "exif:LensModel",
        "plus:DataMining", "xmpMM:History",
    ]

    static func extract(_ xml: String) -> [String: String] {
        var found: [String: String] = [:]
        for name in names {
            if let value = attribute(name, in: xml) ?? element(name, in: xml), !value.isEmpty {
                found[name] = value
            }
        }
        return found
    }

    /// Whether the packet closes what it opens: a cheap well-formedness check for the note.
    static func looksWellFormed(_ xml: String) -> Bool {
        guard xml.contains("<rdf:RDF") else { return false }
        return xml.contains("</rdf:RDF>")
    }

    private static func attribute(_ name: String, in xml: String) -> String? {
        for quote in ["\"", "'"] {
            if let start = xml.range(of: "\(name)=\(quote)"),
               let end = xml.range(of: quote, range: start.upperBound..<xml.endIndex) {
                return unescape(String(xml[start.upperBound..<end.lowerBound]))
            }
        }
        return nil
    }

    private static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)"),
              let openEnd = xml.range(of: ">", range: open.upperBound..<xml.endIndex)
        else { return nil }
        let tag = xml[open.upperBound..<openEnd.lowerBound]
        if tag.hasSuffix("/") {
            // An empty element names its value as a resource: <ns:Name rdf:resource="…"/>.
            return attribute("rdf:resource", in: String(tag))
        }
        guard let close = xml.range(of: "</\(name)>", range: openEnd.upperBound..<xml.endIndex) else { return nil }
        let inner = xml[openEnd.upperBound..<close.lowerBound]
        // Strip nested markup (rdf:Alt, rdf:Seq, rdf:li) and keep the text.
        var text = ""
        var inTag = false
        for character in inner {
            if character == "<" { inTag = true; if !text.isEmpty, text.last != " " { text.append(" ") } }
            else if character == ">" { inTag = false }
            else if !inTag { text.append(character) }
        }
        return unescape(text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    private static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
