/// A known invisible-watermark message and who embeds it.
public struct WatermarkPayload: Sendable, Equatable, Codable {
    public var name: String
    public var bits: [Bool]
    /// Who embeds it and where that is documented.
    public var source: String

    public init(name: String, bits: [Bool], source: String) {
        self.name = name
        self.bits = bits
        self.source = source
    }

    public init(name: String, bytes: String, source: String) {
        self.init(name: name, bits: bytes.utf8.flatMap { byte in (0..<8).map { byte >> (7 - $0) & 1 == 1 } }, source: source)
    }

    public init(name: String, bitString: String, source: String) {
        self.init(name: name, bits: bitString.map { $0 == "1" }, source: source)
    }

    /// The payloads Stable Diffusion releases embed with `imwatermark` (method `dwtDct`).
    public static let stableDiffusion: [WatermarkPayload] = [
        WatermarkPayload(
            name: "StableDiffusionV1", bytes: "StableDiffusionV1",
            source: "CompVis/stable-diffusion scripts/txt2img.py: WatermarkEncoder().set_watermark('bytes', 'StableDiffusionV1'.encode())"),
        WatermarkPayload(
            name: "SDV2", bytes: "SDV2",
            source: "Stability-AI/stablediffusion scripts/txt2img.py: set_watermark('bytes', 'SDV2'.encode())"),
        WatermarkPayload(
            name: "SDXL", bitString: "101100111110110010010000011110111011000110011110",
            source: "huggingface/diffusers pipelines/stable_diffusion_xl/watermark.py: StableDiffusionXLWatermarker WATERMARK_BITS"),
    ]
}
