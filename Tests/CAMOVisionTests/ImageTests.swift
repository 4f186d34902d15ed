import CAMOVision
import Testing

@Suite struct ImageTests {
    @Test func wrapsBytesOfTheRightLength() throws {
        let image = try Image(width: 2, height: 1, pixels: [1, 2, 3, 4, 5, 6])
        #expect(image[1, 0] == (4, 5, 6))
    }

    @Test func refusesABufferOfTheWrongLength() {
        #expect(throws: ImageError.bufferSizeMismatch(expected: 6, actual: 5)) {
            try Image(width: 2, height: 1, pixels: [1, 2, 3, 4, 5])
        }
    }

    @Test func refusesNonPositiveDimensions() {
        #expect(throws: ImageError.invalidDimensions(width: 0, height: 3)) {
            try Image(width: 0, height: 3, pixels: [])
        }
    }

    @Test func fillsEveryPixel() {
        let image = Image(width: 3, height: 2, fill: (7, 8, 9))
        #expect(image.pixels.count == 18)
        #expect(image[2, 1] == (7, 8, 9))
    }
}
