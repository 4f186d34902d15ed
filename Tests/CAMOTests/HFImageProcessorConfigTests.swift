import CAMO
import CAMOVision
import Foundation
import Testing

/// How image processor settings and label names are read, and what is refused.
@Suite struct HFImageProcessorConfigTests {
    static func processor(_ json: String) throws -> HFImageProcessor {
        try HFImageProcessor(preprocessorConfig: Data(json.utf8))
    }

    @Test func aViTProcessorResizesToItsSizeAndNormalises() throws {
        let vit = try Self.processor(#"{"image_processor_type": "ViTImageProcessor", "size": {"height": 224, "width": 224}, "resample": 2, "do_normalize": true, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5], "rescale_factor": 0.00392156862745098}"#)
        #expect(vit.resize == .exact(Size(width: 224, height: 224)) && vit.resample == .pillowBilinear && vit.centreCrop == nil)
        #expect(vit.outputSize == Size(width: 224, height: 224))
    }

    @Test func convNeXtBelow384ResizesToSizeOverCropPctThenCrops() throws {
        let convnext = try Self.processor(#"{"image_processor_type": "ConvNextImageProcessor", "size": {"shortest_edge": 224}, "crop_pct": 0.875, "resample": 3}"#)
        #expect(convnext.resize == .shortestEdge(256) && convnext.centreCrop == Size(width: 224, height: 224))
        let large = try Self.processor(#"{"image_processor_type": "ConvNextImageProcessor", "size": {"shortest_edge": 384}, "resample": 3}"#)
        #expect(large.resize == .exact(Size(width: 384, height: 384)) && large.centreCrop == nil)
    }

    @Test(arguments: [
        (#"{"image_processor_type": "LevitImageProcessor", "size": {"shortest_edge": 224}}"#, "image_processor_type"),
        (#"{"image_processor_type": "ViTImageProcessor", "size": {"height": 224, "width": 224}, "resample": 4}"#, "resample"),
        (#"{"image_processor_type": "CLIPImageProcessor", "size": {"shortest_edge": 224, "longest_edge": 448}}"#, "size.longest_edge"),
        (#"{"image_processor_type": "CLIPImageProcessor", "size": {"shortest_edge": 224}, "do_center_crop": false}"#, "size"),
        (#"{"image_processor_type": "ViTImageProcessor", "size": {"height": 224, "width": 224}, "image_std": [0, 1, 1]}"#, "image_std"),
    ])
    func whatCannotBeReproducedIsRefusedAtItsKey(json: String, key: String) {
        #expect {
            try Self.processor(json)
        } throws: { error in
            (error as? HFImageProcessor.Unsupported)?.key == key
        }
    }

    @Test func timmEvaluationTransformIsReadFromPretrainedCfg() throws {
        let cfg: [String: Any] = ["input_size": [3, 224, 224], "interpolation": "bicubic", "crop_pct": 0.9, "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5]]
        let timm = try HFImageProcessor(timmConfig: cfg)
        #expect(timm.resize == .shortestEdge(248) && timm.centreCrop == Size(width: 224, height: 224) && timm.resample == .pillowBicubic)
        #expect(timm.cropRounding == .roundHalfEven)
    }

    @Test func anOddMarginIsFlooredByTransformersAndRoundedHalfToEvenByTorchvision() throws {
        // A 7-pixel-wide image, a 4-pixel crop: margin 3. Columns are their own index in red.
        let image = try Image(width: 7, height: 4, pixels: (0..<28).flatMap { i in [UInt8(i % 7), 0, 0] })
        let floored = try Self.crop(image, .floor)
        let rounded = try Self.crop(image, .roundHalfEven)
        #expect(floored.pixels.first == 1 && rounded.pixels.first == 2)
    }

    static func crop(_ image: Image, _ rounding: HFImageProcessor.CropRounding) throws -> Image {
        var processor = try Self.processor(#"{"image_processor_type": "ViTImageProcessor", "size": {"height": 4, "width": 4}, "do_resize": false, "do_center_crop": true, "crop_size": {"height": 4, "width": 4}}"#)
        processor.cropRounding = rounding
        let values = try processor.pixelValues(of: image)
        let first = UInt8(((values[0] * 0.5 + 0.5) * 255).rounded())
        return try Image(width: 1, height: 1, pixels: [first, 0, 0])
    }

    @Test func labelsAreRecognisedOrNamed() throws {
        let binary = try HFLabelMap(labels: ["REAL", "FAKE"])
        #expect(binary.fake == [1] && binary.real == [0])
        #expect(binary.pFake(HFLabelMap.probabilities([0, 0])) == 0.5)
        let generators = try HFLabelMap(labels: ["real", "midjourney", "dalle", "stable_diffusion"])
        #expect(generators.fake == [1, 2, 3])
        let probabilities = [0.1, 0.2, 0.6, 0.1]
        #expect(abs(generators.pFake(probabilities) - 0.9) < 1e-12)
        #expect(generators.attribution(probabilities)?.label == "dalle")
        #expect(throws: HFLabelMap.Ambiguous.self) { try HFLabelMap(labels: ["cat", "dog"]) }
        let named = try HFLabelMap(labels: ["cat", "dog"], fakeLabels: ["dog"])
        #expect(named.fake == [1] && named.real == [0])
        #expect(throws: HFLabelMap.Ambiguous.self) { try HFLabelMap(labels: ["cat", "dog"], fakeLabels: ["bird"]) }
    }
}
