import Foundation

/// The one convention of every JSON document CAMO writes for people and scripts: snake_case keys (the API's),
/// sorted, slashes unescaped, and a `schema_version` in each document. Dictionary keys that are data (expert names,
/// timing names, slice values) are written as they are. `docs/result-schema.md` lists the fields renamed when the
/// convention was adopted.
public enum JSONConvention {
    /// The version of every document's layout; raised when a field is renamed or removed (schema 1 mixed camelCase
    /// and snake_case keys).
    public static let schemaVersion = 2

    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }

    /// Reads what `encoder` wrote. A type whose property names hold an acronym (`rocAUC`) names its keys in camel
    /// case without it (`rocAuc`), since the snake case `roc_auc` converts back to that.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
