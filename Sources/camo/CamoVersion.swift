/// What `camo --version` prints.
enum CamoVersion {
    static let number = "0.1.0"

    static var description: String {
        "camo \(number)"
    }
}
