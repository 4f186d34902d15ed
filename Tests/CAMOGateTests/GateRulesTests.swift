import CAMOVision
import CAMOGate
import Testing

@Suite struct GateRulesTests {
    let face = Detection(box: Box(minX: 10, minY: 10, maxX: 60, maxY: 70), score: 0.9)
    let person = Detection(box: Box(minX: 0, minY: 0, maxX: 80, maxY: 100), score: 0.8, classIndex: 0)
    let dog = Detection(box: Box(minX: 0, minY: 0, maxX: 50, maxY: 50), score: 0.7, classIndex: 16)

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
