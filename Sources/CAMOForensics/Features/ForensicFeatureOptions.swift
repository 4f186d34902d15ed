/// Where the forensic features look. Features are computed on fixed-size views at native resolution (never on a
/// resized image), so resizing a photo changes the content of the views but not how the statistics are gathered.
public struct ForensicFeatureOptions: Sendable, Equatable {
    /// Side of the square views: the centre crop's side is `min(analysisSide, width, height)`. Default 256.
    public var analysisSide: Int
    /// The image is split into `tileGrid × tileGrid` cells and the centre of each cell becomes one more view of the
    /// same side, when every cell is at least that side in both directions; otherwise the centre crop is the only
    /// view. Default 2 (four tiles plus the centre crop).
    public var tileGrid: Int

    public init(analysisSide: Int = 256, tileGrid: Int = 2) {
        self.analysisSide = analysisSide
        self.tileGrid = tileGrid
    }

    func validated() throws(ForensicFeatureError) -> Self {
        guard analysisSide >= 1, analysisSide <= 4096 else {
            throw .invalidOption(name: "analysisSide", value: analysisSide, requirement: "in 1...4096")
        }
        guard tileGrid >= 0, tileGrid <= 16 else {
            throw .invalidOption(name: "tileGrid", value: tileGrid, requirement: "in 0...16 (0 or 1: centre crop only)")
        }
        return self
    }
}
