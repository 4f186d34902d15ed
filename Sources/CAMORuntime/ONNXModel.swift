import Foundation

/// What an ONNX file says about itself, read from its `ModelProto` without ONNX Runtime: used to
/// refuse non-ONNX files before loading, to check external-data paths, and by `camo onnx inspect`.
public struct ONNXModel: Sendable {
    public struct OperatorSet: Sendable, Equatable {
        /// Empty for the default ONNX domain.
        public let domain: String
        public let version: Int64
    }

    public var irVersion: Int64 = 0
    public var producerName = ""
    public var producerVersion = ""
    public var domain = ""
    public var modelVersion: Int64 = 0
    public var graphName = ""
    public var operatorSets: [OperatorSet] = []
    /// Graph inputs that are not initializers, with their declared types.
    public var inputs: [TensorInfo] = []
    public var outputs: [TensorInfo] = []
    /// Nodes per operator (`"Conv"`, or `"domain:Op"` outside the default domain), subgraphs included.
    public var operatorCounts: [String: Int] = [:]
    public var nodeCount: Int { operatorCounts.values.reduce(0, +) }
    public var initializerCount = 0
    /// Total elements of all initializers: the parameter count.
    public var parameterCount: Int64 = 0
    /// `location` entries of initializers stored outside the file, as written in the model.
    public var externalDataLocations: [String] = []

    /// Parses `bytes` as a `ModelProto`; throws unless it is well-formed and has an IR version and a graph.
    public init(bytes: [UInt8]) throws(ONNXFormatError) {
        var reader = ProtobufReader(bytes: bytes, message: "ModelProto")
        var sawGraph = false
        while let field = try reader.nextField() {
            switch field.number {
            case 1: irVersion = try reader.int64(field)
            case 2: producerName = try reader.string(field)
            case 3: producerVersion = try reader.string(field)
            case 4: domain = try reader.string(field)
            case 5: modelVersion = try reader.int64(field)
            case 7:
                try reader.expect(field, .lengthDelimited)
                var graph = try reader.message("GraphProto")
                try readGraph(&graph, topLevel: true)
                sawGraph = true
            case 8:
                try reader.expect(field, .lengthDelimited)
                var set = try reader.message("OperatorSetIdProto")
                var setDomain = ""
                var version: Int64 = 0
                while let inner = try set.nextField() {
                    switch inner.number {
                    case 1: setDomain = try set.string(inner)
                    case 2: version = try set.int64(inner)
                    default: try set.skip(inner)
                    }
                }
                operatorSets.append(OperatorSet(domain: setDomain, version: version))
            default: try reader.skip(field)
            }
        }
        guard irVersion > 0 else { throw .missingField(message: "ModelProto", field: "ir_version") }
        guard sawGraph else { throw .missingField(message: "ModelProto", field: "graph") }
    }

    public init(contentsOf url: URL) throws {
        try self.init(bytes: [UInt8](try Data(contentsOf: url)))
    }

    private mutating func readGraph(_ graph: inout ProtobufReader, topLevel: Bool) throws(ONNXFormatError) {
        var declaredInputs: [TensorInfo] = []
        var initializerNames: Set<String> = []
        while let field = try graph.nextField() {
            switch field.number {
            case 1:
                try graph.expect(field, .lengthDelimited)
                var node = try graph.message("NodeProto")
                try readNode(&node)
            case 2 where topLevel:
                graphName = try graph.string(field)
            case 5:
                try graph.expect(field, .lengthDelimited)
                var tensor = try graph.message("TensorProto")
                initializerNames.insert(try readInitializer(&tensor))
            case 11, 12:
                try graph.expect(field, .lengthDelimited)
                var value = try graph.message("ValueInfoProto")
                let info = try Self.readValueInfo(&value)
                guard topLevel else { continue }
                if field.number == 11 { declaredInputs.append(info) } else { outputs.append(info) }
            default:
                try graph.skip(field)
            }
        }
        if topLevel { inputs = declaredInputs.filter { !initializerNames.contains($0.name) } }
    }

    private mutating func readNode(_ node: inout ProtobufReader) throws(ONNXFormatError) {
        var opType = ""
        var opDomain = ""
        while let field = try node.nextField() {
            switch field.number {
            case 4: opType = try node.string(field)
            case 7: opDomain = try node.string(field)
            case 5:
                try node.expect(field, .lengthDelimited)
                var attribute = try node.message("AttributeProto")
                try readAttribute(&attribute)
            default: try node.skip(field)
            }
        }
        let key = opDomain.isEmpty || opDomain == "ai.onnx" ? opType : "\(opDomain):\(opType)"
        operatorCounts[key, default: 0] += 1
    }

    /// Attributes matter only for the subgraphs (If, Loop, Scan) and tensors they carry, whose
    /// external data must be checked like an initializer's.
    private mutating func readAttribute(_ attribute: inout ProtobufReader) throws(ONNXFormatError) {
        while let field = try attribute.nextField() {
            switch field.number {
            case 5, 10:
                try attribute.expect(field, .lengthDelimited)
                var tensor = try attribute.message("TensorProto")
                _ = try readTensor(&tensor)
            case 6, 11:
                try attribute.expect(field, .lengthDelimited)
                var graph = try attribute.message("GraphProto")
                try readGraph(&graph, topLevel: false)
            default: try attribute.skip(field)
            }
        }
    }

    private mutating func readInitializer(_ tensor: inout ProtobufReader) throws(ONNXFormatError) -> String {
        let (name, count) = try readTensor(&tensor)
        initializerCount += 1
        parameterCount = parameterCount.addingReportingOverflow(count).overflow ? Int64.max : parameterCount + count
        return name
    }

    /// A tensor's name and element count; records where its external data lives, if anywhere.
    private mutating func readTensor(_ tensor: inout ProtobufReader) throws(ONNXFormatError) -> (String, Int64) {
        var dims: [Int64] = []
        var name = ""
        var external = false
        var location: String?
        while let field = try tensor.nextField() {
            switch field.number {
            case 1: try tensor.appendVarints(field, to: &dims)
            case 8: name = try tensor.string(field)
            case 14: external = try tensor.int64(field) == 1
            case 13:
                try tensor.expect(field, .lengthDelimited)
                var entry = try tensor.message("StringStringEntryProto")
                var key = ""
                var value = ""
                while let inner = try entry.nextField() {
                    switch inner.number {
                    case 1: key = try entry.string(inner)
                    case 2: value = try entry.string(inner)
                    default: try entry.skip(inner)
                    }
                }
                if key == "location" { location = value }
            default: try tensor.skip(field)
            }
        }
        var count: Int64 = 1
        for dim in dims {
            guard dim >= 0 else {
                throw .invalidValue(message: "TensorProto", field: "dims", reason: "negative dimension in '\(name)'")
            }
            count = count.multipliedReportingOverflow(by: dim).overflow ? Int64.max : count * dim
        }
        if external {
            guard let location else {
                throw .missingField(message: "TensorProto '\(name)'", field: "external_data location")
            }
            externalDataLocations.append(location)
        }
        return (name, count)
    }

    static func readValueInfo(_ value: inout ProtobufReader) throws(ONNXFormatError) -> TensorInfo {
        var name = ""
        var elementType: Int64 = 0
        var dimensions: [TensorInfo.Dimension] = []
        while let field = try value.nextField() {
            switch field.number {
            case 1: name = try value.string(field)
            case 2:
                try value.expect(field, .lengthDelimited)
                var type = try value.message("TypeProto")
                while let typeField = try type.nextField() {
                    guard typeField.number == 1 else { try type.skip(typeField); continue }
                    try type.expect(typeField, .lengthDelimited)
                    var tensorType = try type.message("TypeProto.Tensor")
                    while let inner = try tensorType.nextField() {
                        switch inner.number {
                        case 1: elementType = try tensorType.int64(inner)
                        case 2:
                            try tensorType.expect(inner, .lengthDelimited)
                            var shape = try tensorType.message("TensorShapeProto")
                            dimensions = try readShape(&shape)
                        default: try tensorType.skip(inner)
                        }
                    }
                }
            default: try value.skip(field)
            }
        }
        let code = Int32(clamping: elementType)
        return TensorInfo(name: name, elementType: ElementType(onnxCode: code), onnxElementType: code, dimensions: dimensions)
    }

    private static func readShape(_ shape: inout ProtobufReader) throws(ONNXFormatError) -> [TensorInfo.Dimension] {
        var dimensions: [TensorInfo.Dimension] = []
        while let field = try shape.nextField() {
            guard field.number == 1 else { try shape.skip(field); continue }
            try shape.expect(field, .lengthDelimited)
            var dimension = try shape.message("TensorShapeProto.Dimension")
            var result = TensorInfo.Dimension.symbolic("")
            while let inner = try dimension.nextField() {
                switch inner.number {
                case 1: result = .fixed(Int(clamping: try dimension.int64(inner)))
                case 2: result = .symbolic(try dimension.string(inner))
                default: try dimension.skip(inner)
                }
            }
            dimensions.append(result)
        }
        return dimensions
    }
}
