import Yams

/// A part of a configuration document kept undecoded, for the component that understands it
/// (an expert kind's `options`). Decoding it later reports errors at its full key path.
public struct ConfigurationNode: Decodable {
    let node: Node
    let codingPath: [any CodingKey]
    let file: String
    let maximumNodes: Int

    public init(from decoder: any Decoder) throws {
        guard let nodeDecoder = decoder as? NodeDecoder else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "a configuration node can only be read from YAML"))
        }
        node = nodeDecoder.node
        codingPath = nodeDecoder.codingPath
        file = nodeDecoder.state.file
        maximumNodes = nodeDecoder.state.maximumNodes
        // Its keys are checked when the owner decodes it, not as part of the surrounding document.
        if case let .mapping(mapping) = node {
            for key in mapping.keys.compactMap(\.string) { nodeDecoder.state.request(key, at: codingPath) }
        }
    }

    /// Decodes the kept part strictly, as `ConfigurationDecoder` does a whole document.
    public func decode<T: Decodable>(_ type: T.Type) throws(ConfigurationError) -> T {
        let state = NodeDecodingState(file: file, maximumNodes: maximumNodes)
        do {
            let value = try T(from: NodeDecoder(node: node, codingPath: codingPath, state: state))
            if let unknown = state.firstUnknownKey() { throw unknown }
            return value
        } catch let error as ConfigurationError {
            throw error
        } catch let error as DecodingError {
            throw state.error(from: error)
        } catch {
            throw ConfigurationError(file: file, keyPath: NodeDecodingState.render(codingPath), message: "\(error)")
        }
    }
}
