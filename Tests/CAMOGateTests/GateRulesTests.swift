import CAMOGate
import Testing

@Suite struct GateRulesTests {
    let face = Detection(box: BoundingBox(x1: 10, y1: 10, x2: 60, y2: 70), score: 0.9)
    let person = Detection(box: BoundingBox(x1: 0, y1: 0, x2: 80, y2: 100), score: 0.8, classIndex: 0)
    let dog = Detection(box: BoundingBox(x1: 0, y1: 0, x2: 50, y2: 50), score: 0.7, classIndex: 16)

    @Test func anyFaceMakesTheContentFaceAsInTheOriginal() {
        let decision = GateRules().decide(faces: [face], objects: [], imageWidth: 100, imageHeight: 100)
        #expect(decision.content == .face)
        #expect(GateRules().decide(faces: [], objects: [person], imageWidth: 100, imageHeight: 100).content == .general)
    }

    @Test func requiringAPersonDropsFacesWithoutOne() {
        var rules = GateRules()
        rules.requirePerson = true
        #expect(rules.decide(faces: [face], objects: [], imageWidth: 100, imageHeight: 100).content == .general)
        #expect(rules.decide(faces: [face], objects: [person], imageWidth: 100, imageHeight: 100).content == .face)
    }

    @Test func tinyFacesAreIgnoredWhenAMinimumAreaIsSet() {
        var rules = GateRules()
        rules.minimumFaceAreaRatio = 0.5
        #expect(rules.decide(faces: [face], objects: [], imageWidth: 100, imageHeight: 100).content == .general)
    }

    @Test func objectsNameTheirCategoryGroups() {
        let decision = GateRules().decide(faces: [], objects: [dog, person], imageWidth: 100, imageHeight: 100)
        #expect(decision.categories == ["animal", "person"])
    }

    @Test func objectsBelowTheAreaRatioDoNotCount() {
        let decision = GateRules().decide(faces: [], objects: [dog], imageWidth: 1000, imageHeight: 1000)
        #expect(decision.categories.isEmpty)
    }
}
