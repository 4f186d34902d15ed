/// ONNX Runtime's error codes (`OrtErrorCode`), as carried by `RuntimeError.onnxRuntime`.
public enum OrtErrorCode: Sendable, Equatable, CustomStringConvertible {
    case fail, invalidArgument, noSuchFile, noModel, engineError, runtimeException, invalidProtobuf
    case modelLoaded, notImplemented, invalidGraph, executionProviderFailure
    case other(Int32)

    init(rawValue: Int32) {
        switch rawValue {
        case 1: self = .fail
        case 2: self = .invalidArgument
        case 3: self = .noSuchFile
        case 4: self = .noModel
        case 5: self = .engineError
        case 6: self = .runtimeException
        case 7: self = .invalidProtobuf
        case 8: self = .modelLoaded
        case 9: self = .notImplemented
        case 10: self = .invalidGraph
        case 11: self = .executionProviderFailure
        default: self = .other(rawValue)
        }
    }

    public var description: String {
        switch self {
        case .fail: "FAIL"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .noSuchFile: "NO_SUCHFILE"
        case .noModel: "NO_MODEL"
        case .engineError: "ENGINE_ERROR"
        case .runtimeException: "RUNTIME_EXCEPTION"
        case .invalidProtobuf: "INVALID_PROTOBUF"
        case .modelLoaded: "MODEL_LOADED"
        case .notImplemented: "NOT_IMPLEMENTED"
        case .invalidGraph: "INVALID_GRAPH"
        case .executionProviderFailure: "EP_FAIL"
        case .other(let code): "code \(code)"
        }
    }
}
