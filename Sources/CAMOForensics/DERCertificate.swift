/// Reads the subject and issuer names from a DER-encoded X.509 certificate.
///
/// This is only for reporting who signed a C2PA claim; nothing here validates the certificate.
struct DERCertificate {
    var subject: String
    var issuer: String

    private static let attributeNames: [[UInt8]: String] = [
        [0x55, 0x04, 0x03]: "CN", [0x55, 0x04, 0x06]: "C", [0x55, 0x04, 0x07]: "L", [0x55, 0x04, 0x08]: "ST",
        [0x55, 0x04, 0x0A]: "O", [0x55, 0x04, 0x0B]: "OU", [0x55, 0x04, 0x05]: "serialNumber",
        [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01]: "emailAddress",
    ]

    private struct Element {
        var tag: UInt8
        var content: ByteReader
    }

    init(der: [UInt8]) throws(MetadataParseError) {
        var top = ByteReader(der)
        var certificate = try Self.element(&top).content
        var tbs = try Self.element(&certificate).content
        var fields: [Element] = []
        while !tbs.isAtEnd, fields.count < 8 { fields.append(try Self.element(&tbs)) }
        // An explicit [0] version comes first in v3 certificates; skip it so indices are fixed.
        if fields.first?.tag == 0xA0 { fields.removeFirst() }
        // serialNumber, signature, issuer, validity, subject
        guard fields.count >= 5 else { throw .truncated("certificate TBS", offset: 0) }
        issuer = try Self.name(fields[2].content)
        subject = try Self.name(fields[4].content)
    }

    private static func element(_ reader: inout ByteReader) throws(MetadataParseError) -> Element {
        let tag = try reader.u8("DER tag")
        let first = try reader.u8("DER length")
        var length = Int(first)
        if first & 0x80 != 0 {
            let count = Int(first & 0x7F)
            guard count >= 1, count <= 4 else { throw .invalid("DER length of \(count) bytes", offset: reader.offset) }
            length = 0
            for _ in 0..<count { length = length << 8 | Int(try reader.u8("DER length")) }
        }
        return Element(tag: tag, content: try reader.sub(length, "DER element"))
    }

    private static func name(_ reader: ByteReader) throws(MetadataParseError) -> String {
        var sequence = reader
        var parts: [String] = []
        while !sequence.isAtEnd, parts.count < 32 {
            var set = try element(&sequence).content
            while !set.isAtEnd {
                var pair = try element(&set).content
                let oid = Array(try element(&pair).content.rest)
                let value = try element(&pair)
                let key = attributeNames[oid] ?? oid.map { String($0) }.joined(separator: ".")
                let text = value.tag == 0x1E
                    ? TextDecoding.utf16(Array(value.content.rest), bigEndian: true)
                    : TextDecoding.latin1OrUTF8(value.content.rest)
                parts.append("\(key)=\(text)")
            }
        }
        return parts.joined(separator: ", ")
    }
}
