import CAMOLearn
import Foundation
import Testing

@Suite struct FeatureMatrixTests {
    @Test func storesRowsInOrderAndSelectsRowsByIndex() throws {
        let x = try FeatureMatrix(names: ["a", "b"], rows: [[1, 2], [3, 4], [5, 6]])
        #expect(x.rowCount == 3)
        #expect(x.columnCount == 2)
        #expect(Array(x.row(1)) == [3, 4])
        let picked = x.selecting(rows: [2, 0, 2])
        #expect(picked.rowCount == 3)
        #expect(picked.values == [5, 6, 1, 2, 5, 6])
        #expect(picked.names == ["a", "b"])
    }

    @Test func rejectsARaggedRowNamingIt() {
        #expect(throws: LearnError.raggedRow(row: 1, expected: 2, found: 3)) {
            try FeatureMatrix(names: ["a", "b"], rows: [[1, 2], [3, 4, 5]])
        }
    }

    @Test(arguments: [Float.nan, .infinity, -.infinity])
    func rejectsNonFiniteValuesNamingRowAndColumn(_ bad: Float) {
        #expect(throws: LearnError.nonFinite(row: 2, column: "b")) {
            try FeatureMatrix(names: ["a", "b"], rows: [[1, 2], [3, 4], [5, bad]])
        }
        let error = LearnError.nonFinite(row: 2, column: "b")
        #expect(error.description.contains("row 2") && error.description.contains("\"b\""))
    }

    @Test func rejectsDuplicateFeatureNames() {
        #expect(throws: LearnError.duplicateFeatureName("a")) {
            try FeatureMatrix(names: ["a", "b", "a"], rows: [[1, 2, 3]])
        }
    }

    @Test func decodingValidatesLikeTheInitialiser() throws {
        let bad = Data(#"{"names":["a","b"],"values":[1,2,3]}"#.utf8)
        #expect(throws: LearnError.self) { try JSONDecoder().decode(FeatureMatrix.self, from: bad) }
        let x = try FeatureMatrix(names: ["a", "b"], rows: [[1, 2], [3, 4]])
        #expect(try JSONDecoder().decode(FeatureMatrix.self, from: JSONEncoder().encode(x)) == x)
    }
}
