import CAMOForensics
import CAMOTesting
import Foundation
import Testing

@Suite struct MetadataReaderTests {
    static let fixtureNames = (try? ForensicsOracle.fixtures().keys.sorted()) ?? []

    @Test(arguments: fixtureNames)
    func textChunksAndExifMatchPillow(name: String) throws {
        let expected = try #require(try ForensicsOracle.fixtures()[name])
        let metadata = try MetadataReader.read(Fixtures.data("forensics/metadata/\(name)"))
        #expect(metadata.notes.isEmpty, "\(metadata.notes)")
        let texts = Dictionary(metadata.texts.map { ($0.keyword, $0.text) }, uniquingKeysWith: { first, _ in first })
        #expect(texts == expected.pillow.text)
        for (field, value) in expected.pillow.exif {
            #expect(metadata.exifValue(field) == value, "EXIF \(field)")
        }
    }

    @Test(arguments: fixtureNames)
    func c2paManifestMatchesTheC2PASDK(name: String) throws {
        let expected = try #require(try ForensicsOracle.fixtures()[name])
        let metadata = try MetadataReader.read(Fixtures.data("forensics/metadata/\(name)"))
        guard let reading = expected.c2pa else {
            #expect(metadata.c2pa == nil)
            return
        }
        let store = try #require(metadata.c2pa)
        #expect(store.validation?.state == .valid)
        #expect(store.validation?.statusCodes.contains(.signingCredentialUntrusted) == true)
        #expect(store.manifests.count == reading.manifestCount)
        let manifest = try #require(store.activeManifest)
        #expect(manifest.label == reading.label)
        #expect(manifest.title == reading.title)
        for generator in reading.claimGeneratorNames {
            #expect(manifest.claimGenerator?.contains(generator) == true, "claim generator \(generator)")
        }
        #expect(manifest.actions.map(\.action) == reading.actions.map(\.action))
        #expect(manifest.actions.map(\.digitalSourceType) == reading.actions.map(\.digitalSourceType))
        #expect(manifest.actions.map(\.softwareAgent) == reading.actions.map(\.softwareAgent))
        let signer = try #require(manifest.signer)
        #expect(signer.algorithm == "ES256")
        #expect(signer.certificateSubject?.contains("CN=\(reading.signerCommonName ?? "?")") == true)
        #expect(signer.certificateIssuer?.contains("O=\(reading.signerIssuer ?? "?")") == true)
        #expect(signer.certificateCount == 2)
    }

    /// HEIF's EXIF and XMP items come through libheif; values as pillow-heif reads them.
    @Test(.enabled(if: ForensicsOracle.hasDevData))
    func heicExifAndXMPAreRead() throws {
        let metadata = try MetadataReader.read(contentsOf: Fixtures.devDataDirectory.appendingPathComponent("real/exif-samples__heic__IMG_5195.HEIC"))
        #expect(metadata.container == .heic && metadata.notes.isEmpty, "\(metadata.notes)")
        #expect(metadata.exifValue("Make") == "Apple" && metadata.exifValue("Model") == "iPhone 11 Pro Max")
        #expect(metadata.exifValue("Software") == "14.4.2" && metadata.exifValue("DateTime") == "2021:04:11 15:47:53")
        let packet = try #require(metadata.xmp.first)
        #expect(metadata.xmp.count == 1 && packet.source == "HEIF XMP")
        #expect(packet.properties["xmp:CreatorTool"] == "14.4.2")
    }

    @Test func heifExifOrientationIsReadAndAVIFWithoutMetadataIsEmpty() throws {
        let heic = try MetadataReader.read(Fixtures.data("decode/heif/heic_orientation_6.heic"))
        #expect(heic.container == .heic && heic.exifValue("Orientation") == "6" && heic.notes.isEmpty)
        let avif = try MetadataReader.read(Fixtures.data("decode/heif/avif_420.avif"))
        #expect(avif.container == .avif && avif.isEmpty && avif.notes.isEmpty)
        // A HEIF file libheif cannot read is noted, not thrown: the reader never fails on a malformed block.
        // Its boxes, walked for a C2PA store, are noted too: the cut leaves one running past the end.
        let cut = try MetadataReader.read(Fixtures.data("decode/heif/heic_420.heic").prefix(100))
        #expect(cut.container == .heic && cut.isEmpty, "\(cut.notes)")
        #expect(cut.notes.count == 2 && cut.notes[0].hasPrefix("HEIF: ") && cut.notes[1].hasPrefix("BMFF: "), "\(cut.notes)")
    }

    @Test func xmpAndIPTCAreRead() throws {
        let metadata = try MetadataReader.read(Fixtures.data("forensics/metadata/xmp-iptc.jpg"))
        let packet = try #require(metadata.xmp.first)
        #expect(packet.source == "JPEG APP1 XMP")
        #expect(packet.properties["xmp:CreatorTool"] == "Adobe Photoshop 25.0")
        #expect(metadata.iptc.map(\.name) == ["By-line", "OriginatingProgram"])
        #expect(metadata.iptc.map(\.value) == ["Jane Doe", "Adobe Firefly"])
    }

    /// XMP writes a property as an attribute, as element text (possibly inside rdf:Alt) or as an rdf:resource.
    @Test func xmpPropertiesAreReadInEveryRDFForm() throws {
        let xml = "<x:xmpmeta><rdf:RDF><rdf:Description xmp:CreatorTool=\"Tool &amp; Co\">"
            + "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">A lighthouse</rdf:li></rdf:Alt></dc:description>"
            + "<Iptc4xmpExt:DigitalSourceType rdf:resource=\"http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia\"/>"
            + "</rdf:Description></rdf:RDF></x:xmpmeta>"
        let segment: (UInt8, [UInt8]) = (0xE1, Array("http://ns.adobe.com/xap/1.0/\0".utf8) + Array(xml.utf8))
        let properties = try #require(try MetadataReader.read(MalformedMetadataTests.jpeg([segment])).xmp.first?.properties)
        #expect(properties["xmp:CreatorTool"] == "Tool & Co")
        #expect(properties["dc:description"] == "A lighthouse")
        #expect(properties["Iptc4xmpExt:DigitalSourceType"] == "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia")
    }

    /// Extended XMP arrives in pieces (GUID, full length, offset); they are put back in order.
    @Test func extendedXMPIsReassembled() throws {
        let xml = Array(("<x:xmpmeta><rdf:RDF><rdf:Description Iptc4xmpExt:DigitalSourceType=\"http://cv.iptc.org/newscodes/"
            + "digitalsourcetype/trainedAlgorithmicMedia\"/></rdf:RDF></x:xmpmeta>").utf8)
        let guid = Array("0123456789ABCDEF0123456789ABCDEF".utf8)
        let signature = Array("http://ns.adobe.com/xmp/extension/\0".utf8)
        let split = xml.count / 2
        func piece(_ offset: Int, _ bytes: ArraySlice<UInt8>) -> (UInt8, [UInt8]) {
            (0xE1, signature + guid + MalformedMetadataTests.be32(xml.count) + MalformedMetadataTests.be32(offset) + bytes)
        }
        // Second half first: the offsets, not the segment order, place each piece.
        let metadata = try MetadataReader.read(MalformedMetadataTests.jpeg([piece(split, xml[split...]), piece(0, xml[..<split])]))
        let packet = try #require(metadata.xmp.first)
        #expect(packet.source == "JPEG APP1 extended XMP")
        #expect(packet.xml == String(decoding: xml, as: UTF8.self))
        #expect(ProvenanceAnalyzer().analyze(metadata).evidence.first?.kind == .digitalSourceType)
    }

    @Test func metadataRoundTripsThroughJSON() throws {
        let metadata = try MetadataReader.read(Fixtures.data("forensics/metadata/c2pa-signed.jpg"))
        let decoded = try JSONDecoder().decode(ImageMetadata.self, from: JSONEncoder().encode(metadata))
        #expect(decoded == metadata)
    }

    @Test func nonImageInputIsATypedError() {
        #expect(throws: MetadataReaderError.self) { try MetadataReader.read(Data("hello, world".utf8)) }
        #expect(throws: MetadataReaderError.self) { try MetadataReader.read(Data()) }
    }

    /// Every C2PA manifest in the dev set that the c2pa SDK reads is read the same way here.
    @Test(.enabled(if: ForensicsOracle.hasDevData))
    func devSetC2PAManifestsMatchTheC2PASDK() throws {
        var compared = 0
        for (path, expected) in try ForensicsOracle.devProvenance() {
            guard let reading = expected.c2pa else { continue }
            let metadata = try MetadataReader.read(contentsOf: Fixtures.devDataDirectory.appendingPathComponent(path))
            let manifest = try #require(metadata.c2pa?.activeManifest, "\(path)")
            #expect(manifest.label == reading.label, "\(path)")
            #expect(manifest.actions.map(\.action) == reading.actions.map(\.action), "\(path)")
            #expect(manifest.actions.map(\.digitalSourceType) == reading.actions.map(\.digitalSourceType), "\(path)")
            if let name = reading.signerCommonName {
                #expect(manifest.signer?.certificateSubject?.contains("CN=\(name)") == true, "\(path)")
            }
            compared += 1
        }
        #expect(compared >= 2)
    }
}
