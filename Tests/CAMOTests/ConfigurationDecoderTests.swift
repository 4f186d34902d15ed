import CAMO
import Testing

private struct Sample: Decodable, Equatable {
    struct Item: Decodable, Equatable {
        var name: String
        var weight: Double?
    }
    enum Mode: String, Decodable { case hard, soft }

    var mode: Mode
    var threshold: Double
    var items: [Item]
    var groups: [String: [String]]?
}

@Suite struct ConfigurationDecoderTests {
    let decoder = ConfigurationDecoder()

    @Test func decodesNestedMappingsListsAndDictionaries() throws {
        let yaml = """
            mode: soft
            threshold: 0.5
            items:
              - name: a
                weight: 2
              - name: b
            groups:
              animal: [cat, dog]
            """
        let sample = try decoder.decode(Sample.self, from: yaml, file: "sample.yaml")
        #expect(sample == Sample(mode: .soft, threshold: 0.5, items: [.init(name: "a", weight: 2), .init(name: "b")],
                                 groups: ["animal": ["cat", "dog"]]))
    }

    @Test func anUnknownKeyNamesItsPathLineAndTheExpectedKeys() {
        let yaml = "mode: hard\nthreshold: 0.5\nitems:\n  - name: a\n    wieght: 2\n"
        #expect {
            try decoder.decode(Sample.self, from: yaml, file: "p.yaml")
        } throws: { error in
            let error = error as! ConfigurationError
            return error.keyPath == "items[0].wieght" && error.line == 5
                && error.description.contains("expected one of: name, weight")
        }
    }

    @Test func aWrongTypeSaysWhatWasExpectedAndFound() {
        #expect {
            try decoder.decode(Sample.self, from: "mode: hard\nthreshold: high\nitems: []\n", file: "p.yaml")
        } throws: { error in
            let error = error as! ConfigurationError
            return error.keyPath == "threshold" && error.line == 2 && error.message.contains("expected a number, found 'high'")
        }
    }

    @Test func aMissingKeyIsNamed() {
        #expect {
            try decoder.decode(Sample.self, from: "mode: hard\nitems: []\n", file: "p.yaml")
        } throws: { error in
            (error as! ConfigurationError).keyPath == "threshold"
        }
    }

    @Test func anInvalidEnumValueIsNamed() {
        #expect {
            try decoder.decode(Sample.self, from: "mode: sideways\nthreshold: 1\nitems: []\n", file: "p.yaml")
        } throws: { error in
            let error = error as! ConfigurationError
            return error.keyPath == "mode" && error.message.contains("sideways")
        }
    }

    @Test func duplicateKeysAreRefused() {
        #expect {
            try decoder.decode(Sample.self, from: "mode: hard\nmode: soft\nthreshold: 1\nitems: []\n", file: "p.yaml")
        } throws: { error in
            let message = (error as! ConfigurationError).message
            return message.contains("duplicated key") && message.contains("mode")
        }
    }

    @Test func malformedYAMLGivesTheLine() {
        #expect {
            try decoder.decode(Sample.self, from: "mode: hard\nitems: [a, b\nthreshold: 1\n", file: "p.yaml")
        } throws: { error in
            let error = error as! ConfigurationError
            return error.message.hasPrefix("not valid YAML") && error.line != nil
        }
    }

    @Test func exponentialAliasesAreBoundedNotExpanded() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            let previous = (0..<10).map { _ in "*a\(level - 1)" }.joined(separator: ", ")
            yaml += "a\(level): &a\(level) [\(previous)]\n"
        }
        yaml += "mode: hard\nthreshold: 1\nitems: []\ngroups: {x: *a8}\n"
        #expect(throws: ConfigurationError.self) {
            try decoder.decode(Sample.self, from: yaml, file: "bomb.yaml")
        }
    }
}
