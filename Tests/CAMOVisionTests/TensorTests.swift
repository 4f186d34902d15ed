import CAMOVision
import Testing

@Suite struct TensorTests {
    /// Two pixels: (10, 20, 30) and (40, 50, 60).
    let image: Image

    init() throws {
        image = try Image(width: 2, height: 1, pixels: [10, 20, 30, 40, 50, 60])
    }

    @Test func planarLayoutIsChannelMajor() throws {
        #expect(try image.planarFloats() == [10, 40, 20, 50, 30, 60])
        #expect(try image.planarFloats(order: .bgr) == [30, 60, 20, 50, 10, 40])
        let normalised = try image.planarFloats(scale: 0.5, mean: [1, 2, 3], std: [2, 4, 8])
        #expect(normalised == [2, 9.5, 2, 5.75, 1.5, 3.375])
    }

    @Test func interleavedLayoutIsPixelMajor() throws {
        let normalization = try TensorNormalization(scale: 1, mean: [10, 0, 0], std: [1, 1, 2])
        #expect(image.interleavedFloats(normalization: normalization) == [0, 20, 15, 30, 50, 30])
        #expect(image.interleavedFloats(order: .bgr, normalization: normalization) == [20, 20, 5, 50, 50, 20])
    }

    @Test func presetsMatchTheirFormulas() {
        let values = image.planarFloats(normalization: .imageNet)
        let red = (Float(10) * (1 / 255) - 0.485) / 0.229
        #expect(values[0] == red)
        #expect(image.planarFloats(normalization: .symmetric)[5] == (Float(60) * (1 / 255) - 0.5) / 0.5)
        #expect(image.planarFloats(normalization: .unitRange)[1] == Float(40) * (1 / 255))
    }

    @Test func floatsConvertBackToTheSameImage() throws {
        let source = try Image.testPattern(width: 31, height: 17)
        for normalization in [TensorNormalization.imageNet, .symmetric, .unitRange, .identity] {
            for order in ChannelOrder.allCases {
                let planar = source.planarFloats(order: order, normalization: normalization)
                #expect(try Image(floats: planar, width: 31, height: 17, order: order, normalization: normalization) == source)
                let interleaved = source.interleavedFloats(order: order, normalization: normalization)
                #expect(try Image(floats: interleaved, width: 31, height: 17, planar: false, order: order, normalization: normalization) == source)
            }
        }
    }

    @Test func backConversionClampsAndRoundsHalfToEven() throws {
        let floats: [Float] = [-3, 2.5, 3.5, 300, .nan, 0.49999]  // planar: R = (-3, 2.5), G = (3.5, 300), B = (nan, 0.49999)
        let image = try Image(floats: floats, width: 2, height: 1, normalization: .identity)
        #expect(image.pixels == [0, 4, 0, 2, 255, 0])
    }

    @Test func writesIntoABatchBuffer() throws {
        var batch = [Float](repeating: -1, count: 12)
        try batch.withUnsafeMutableBufferPointer { buffer in
            try image.writeFloats(into: UnsafeMutableBufferPointer(rebasing: buffer[6...]), order: .rgb, normalization: .identity, planar: true)
            #expect(throws: ImageError.self) {
                try image.writeFloats(into: UnsafeMutableBufferPointer(rebasing: buffer[5...]), order: .rgb, normalization: .identity, planar: true)
            }
        }
        #expect(Array(batch[6...]) == [10, 40, 20, 50, 30, 60])
    }

    @Test func badNormalisationsAndBuffersAreRefused() {
        #expect(throws: ImageError.self) { try image.planarFloats(std: [1, 0, 1]) }
        #expect(throws: ImageError.self) { try image.planarFloats(mean: [0, 0]) }
        #expect(throws: ImageError.self) { try image.planarFloats(scale: .nan) }
        #expect(throws: ImageError.self) { try image.planarFloats(scale: 0) }
        #expect(throws: ImageError.self) { try Image(floats: [1, 2, 3], width: 2, height: 1, normalization: .identity) }
        #expect(throws: ImageError.self) { try Image(floats: [], width: 0, height: 1, normalization: .identity) }
    }
}

@Suite struct ColourTypeTests {
    @Test func planarImageRoundTripsAnImage() throws {
        let image = try Image.testPattern(width: 9, height: 4)
        let planar = PlanarImage(image)
        #expect(planar.channels == 3 && planar.planes.count == 108)
        #expect(planar[3, 2, 1] == Float(image[3, 2].g))
        #expect(planar.plane(2).count == 36)
        #expect(try planar.roundedImage() == image)
    }

    /// YCrCb holds every RGB colour in 8 bits (8-bit YUV does not: V = 0.877·(R − Y) clips for
    /// saturated reds, as in OpenCV), so its round trip only loses rounding.
    @Test func yCrCbRoundTripStaysClose() throws {
        let image = try Image.testPattern(width: 40, height: 30)
        let back = image.convertedToYCrCb().convertedFromYCrCb()
        let worst = zip(back.pixels, image.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst <= 3)
        #expect(image.channelsSwapped().channelsSwapped() == image)
    }

    @Test func badPlanarShapesAreRefused() throws {
        #expect(throws: ImageError.self) { try PlanarImage(width: 2, height: 2, channels: 3, planes: [0, 1]) }
        #expect(throws: ImageError.self) { try PlanarImage(width: 2, height: 2, channels: 0, planes: []) }
        let single = try PlanarImage(width: 1, height: 1, channels: 1, planes: [0.5])
        #expect(throws: ImageError.self) { try single.convertedToYUV() }
        #expect(throws: ImageError.self) { try single.roundedImage() }
        #expect(throws: ImageError.self) { try GrayImage(width: 2, height: 2, pixels: [1]) }
    }
}
