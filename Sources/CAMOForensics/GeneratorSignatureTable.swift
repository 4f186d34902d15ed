// The generator signature list: data only. Each entry names the public code or documentation
// that shows the tool writing this marker, so an entry can be checked and kept current.
extension GeneratorSignature {
    public static let all: [GeneratorSignature] = [
        GeneratorSignature(
            generator: "AUTOMATIC1111 / Forge", match: .textChunk(keyword: "parameters", marker: "Steps: "), pFake: 0.99,
            source: "AUTOMATIC1111/stable-diffusion-webui modules/images.py save_image: PNG text 'parameters' holds the generation info ('Steps: …, Sampler: …'); Forge inherits it"),
        GeneratorSignature(
            generator: "AUTOMATIC1111 / Forge", match: .exifUserComment(markers: ["Steps: ", "Sampler: "]), pFake: 0.99,
            source: "AUTOMATIC1111/stable-diffusion-webui modules/images.py save_image: JPEG/WebP store the same text in EXIF UserComment via piexif"),
        GeneratorSignature(
            generator: "Fooocus", match: .textChunk(keyword: "fooocus_scheme", marker: nil), pFake: 0.99,
            source: "lllyasviel/Fooocus modules/meta_parser.py: PNG text 'parameters' (JSON) plus 'fooocus_scheme'"),
        GeneratorSignature(
            generator: "ComfyUI", match: .textChunk(keyword: "prompt", marker: "class_type"), pFake: 0.99,
            source: "comfyanonymous/ComfyUI nodes.py SaveImage: PNG text 'prompt' holds the executed node graph (JSON with 'class_type')"),
        GeneratorSignature(
            generator: "ComfyUI", match: .textChunk(keyword: "workflow", marker: "\"nodes\""), pFake: 0.99,
            source: "comfyanonymous/ComfyUI nodes.py SaveImage: PNG text 'workflow' holds the editor workflow (JSON with 'nodes')"),
        GeneratorSignature(
            generator: "InvokeAI", match: .textChunk(keyword: "invokeai_metadata", marker: nil), pFake: 0.99,
            source: "invoke-ai/InvokeAI invokeai/app/services/image_files/image_files_disk.py: PNG text 'invokeai_metadata'"),
        GeneratorSignature(
            generator: "InvokeAI", match: .textChunk(keyword: "invokeai_graph", marker: nil), pFake: 0.99,
            source: "invoke-ai/InvokeAI invokeai/app/services/image_files/image_files_disk.py: PNG text 'invokeai_graph'"),
        GeneratorSignature(
            generator: "InvokeAI 2.x (lstein/stable-diffusion)", match: .textChunk(keyword: "sd-metadata", marker: nil), pFake: 0.99,
            source: "lstein/stable-diffusion PNG writer: text 'sd-metadata' (JSON generation record); seen in that repository's docs/assets images"),
        GeneratorSignature(
            generator: "InvokeAI 2.x (lstein/stable-diffusion)", match: .textChunk(keyword: "Dream", marker: nil), pFake: 0.99,
            source: "lstein/stable-diffusion PNG writer: text 'Dream' (the dream> command line that made the image); seen in that repository's docs/assets images"),
        GeneratorSignature(
            generator: "NovelAI", match: .softwareName("NovelAI"), pFake: 0.97,
            source: "NovelAI PNG downloads carry text 'Software' = 'NovelAI'; parsed as such by AUTOMATIC1111 modules/images.py read_info_from_image"),
        GeneratorSignature(
            generator: "Stable Diffusion", match: .softwareName("Stable Diffusion"), pFake: 0.95,
            source: "NovelAI writes PNG text 'Source' = 'Stable Diffusion …'; other front ends name the model in Software"),
        GeneratorSignature(
            generator: "Midjourney", match: .softwareName("Midjourney"), pFake: 0.95,
            source: "name match in EXIF Software/ImageDescription or XMP CreatorTool (issue: Midjourney identifiers)"),
        GeneratorSignature(
            generator: "DALL·E", match: .softwareName("DALL·E"), pFake: 0.95,
            source: "OpenAI images carry C2PA claim generators and software agents naming DALL·E (openai.com C2PA help page)"),
        GeneratorSignature(
            generator: "DALL·E", match: .softwareName("DALL-E"), pFake: 0.95,
            source: "ASCII spelling of the DALL·E name in software fields"),
        GeneratorSignature(
            generator: "Adobe Firefly", match: .softwareName("Adobe Firefly"), pFake: 0.95,
            source: "Adobe Firefly output names 'Adobe Firefly' as C2PA software agent / XMP CreatorTool (contentauth/c2pa-rs sdk/tests/fixtures/ocsp.jpg)"),
    ]
}
