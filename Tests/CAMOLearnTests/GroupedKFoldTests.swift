import CAMOLearn
import CAMOTesting
import Testing

@Suite struct GroupedKFoldTests {
    private func groups(count: Int, seed: UInt64) -> [String] {
        var generator = SeededGenerator(seed: seed)
        // Uneven group sizes: a few big sources and many small ones.
        return (0..<count).map { _ in "g\(min(generator.below(40), generator.below(40)))" }
    }

    @Test(arguments: [2, 3, 5, 10])
    func noGroupIsOnBothSidesAndEveryRowIsValidatedOnce(_ folds: Int) throws {
        let groups = groups(count: 500, seed: UInt64(folds))
        let split = try GroupedKFold(groups: groups, folds: folds, seed: 1)
        #expect(split.splits.count == folds)
        var validatedCount = [Int](repeating: 0, count: groups.count)
        for (train, validation) in split.splits {
            #expect(Set(train.map { groups[$0] }).isDisjoint(with: validation.map { groups[$0] }))
            #expect(train.count + validation.count == groups.count)
            #expect(!validation.isEmpty)
            for row in validation { validatedCount[row] += 1 }
        }
        #expect(validatedCount.allSatisfy { $0 == 1 })
    }

    @Test func foldSizesAreBalanced() throws {
        let groups = (0..<600).map { "g\($0 % 60)" }
        let split = try GroupedKFold(groups: groups, folds: 5, seed: 3)
        #expect(split.splits.allSatisfy { $0.validation.count == 120 })
    }

    @Test func theSameSeedGivesTheSameFoldsAndAnotherSeedOthers() throws {
        let groups = groups(count: 300, seed: 9)
        let a = try GroupedKFold(groups: groups, folds: 4, seed: 1).splits.map(\.validation)
        let b = try GroupedKFold(groups: groups, folds: 4, seed: 1).splits.map(\.validation)
        let c = try GroupedKFold(groups: groups, folds: 4, seed: 2).splits.map(\.validation)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func rejectsFewerGroupsThanFolds() {
        #expect(throws: LearnError.tooFewGroups(groups: 2, folds: 3)) {
            try GroupedKFold(groups: ["a", "b", "a"], folds: 3, seed: 0)
        }
        #expect(throws: LearnError.self) { try GroupedKFold(groups: ["a", "b"], folds: 1, seed: 0) }
    }
}
