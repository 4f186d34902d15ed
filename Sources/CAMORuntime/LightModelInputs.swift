/// The inputs onnx's backend test runner gives its `light_*` models: for each float32 input,
/// `arange(n) / n` in the input's shape (symbolic dimensions taken as 1).
public enum LightModelInputs {
    public static func feeds(for session: InferenceSession) throws -> [String: Tensor] {
        var feeds: [String: Tensor] = [:]
        for input in session.inputs {
            let shape = input.dimensions.map { dimension -> Int in
                if case .fixed(let size) = dimension { return size }
                return 1
            }
            let count = try Tensor.elementCount(of: shape)
            let scale = Float(count)
            let values = (0..<count).map { Float($0) / scale }
            feeds[input.name] = try Tensor(shape: shape, scalars: values).converted(to: input.elementType ?? .float32)
        }
        return feeds
    }
}
