/// Everything that can go wrong loading ONNX Runtime, loading a model or running it.
public enum RuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No ONNX Runtime library was found; `tried` lists every place looked at, in order.
    case libraryNotFound(tried: [String])
    /// A library was found at `path` but could not be used (not loadable, no `OrtGetApiBase`).
    case libraryUnusable(path: String, reason: String)
    /// The library at `path` is older than the API version this binding needs.
    case libraryTooOld(path: String, version: String, requiredAPIVersion: UInt32)
    /// ONNX Runtime returned a failure status.
    case onnxRuntime(code: OrtErrorCode, message: String, context: String)
    /// The environment was configured after it had already been created.
    case environmentAlreadyCreated
    case modelUnreadable(model: String, reason: String)
    case checksumMismatch(model: String, expected: String, actual: String)
    /// The file is not an ONNX model; it was never handed to ONNX Runtime.
    case notONNX(model: String, reason: ONNXFormatError)
    case externalDataOutsideModelFolder(model: String, location: String)
    case externalDataMissing(model: String, location: String)
    case unknownInput(model: String, name: String, expected: [String])
    case missingInput(model: String, name: String)
    case unknownOutput(model: String, name: String, available: [String])
    case elementTypeMismatch(model: String, input: String, expected: String, given: ElementType)
    case shapeMismatch(model: String, input: String, expected: [TensorInfo.Dimension], given: [Int])
    /// A tensor file (`input_N.pb`, `output_N.pb`) that cannot be read or is not a TensorProto.
    case tensorFileUnreadable(file: String, reason: String)
    /// An output of an element type `Tensor` does not hold (string, double, …), by ONNX type code.
    case unsupportedOutputType(model: String, output: String, onnxElementType: Int32)

    /// The one command that installs ONNX Runtime where the loader looks.
    public static let installHint = "python3 -m pip install onnxruntime"

    public var description: String {
        switch self {
        case .libraryNotFound(let tried):
            "ONNX Runtime library not found; tried: \(tried.joined(separator: "; ")). Install it with: \(Self.installHint)"
        case .libraryUnusable(let path, let reason):
            "ONNX Runtime library at \(path) is unusable: \(reason)"
        case .libraryTooOld(let path, let version, let required):
            "ONNX Runtime \(version) at \(path) is too old: API version \(required) (ONNX Runtime 1.\(required)) or newer is needed. Upgrade with: python3 -m pip install -U onnxruntime"
        case .onnxRuntime(let code, let message, let context):
            "ONNX Runtime error \(code) while \(context): \(message)"
        case .environmentAlreadyCreated:
            "the ONNX Runtime environment was already created; configure it before the first session"
        case .modelUnreadable(let model, let reason):
            "cannot read model \(model): \(reason)"
        case .checksumMismatch(let model, let expected, let actual):
            "model \(model) has sha256 \(actual), but the registry expects \(expected)"
        case .notONNX(let model, let reason):
            "\(model) is not an ONNX model: \(reason)"
        case .externalDataOutsideModelFolder(let model, let location):
            "model \(model) refers to external data '\(location)' outside its folder"
        case .externalDataMissing(let model, let location):
            "model \(model) refers to external data '\(location)', which does not exist"
        case .unknownInput(let model, let name, let expected):
            "model \(model) has no input '\(name)'; its inputs are \(expected.joined(separator: ", "))"
        case .missingInput(let model, let name):
            "model \(model) needs input '\(name)', which was not given"
        case .unknownOutput(let model, let name, let available):
            "model \(model) has no output '\(name)'; its outputs are \(available.joined(separator: ", "))"
        case .elementTypeMismatch(let model, let input, let expected, let given):
            "model \(model) input '\(input)' expects \(expected), given \(given)"
        case .shapeMismatch(let model, let input, let expected, let given):
            "model \(model) input '\(input)' expects shape \(TensorInfo.describe(expected)), given \(given)"
        case .tensorFileUnreadable(let file, let reason):
            "cannot read tensor file \(file): \(reason)"
        case .unsupportedOutputType(let model, let output, let code):
            "model \(model) output '\(output)' has ONNX element type \(code), which Tensor does not hold"
        }
    }
}
