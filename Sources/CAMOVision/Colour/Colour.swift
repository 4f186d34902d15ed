/// One 8-bit RGB value, used for padding and for the border of warps.
public struct Colour: Sendable, Hashable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public init(grey: UInt8) {
        self.init(red: grey, green: grey, blue: grey)
    }

    public static let black = Colour(grey: 0)
    /// The grey that YOLO-family letterboxes pad with.
    public static let letterboxGrey = Colour(grey: 114)

    public var description: String { "rgb(\(red), \(green), \(blue))" }
}

/// What a transform reads for source positions outside the image.
public enum Border: Sendable, Hashable {
    /// A fixed colour (OpenCV `BORDER_CONSTANT`).
    case constant(Colour)
    /// The nearest edge pixel (OpenCV `BORDER_REPLICATE`).
    case replicate
}
