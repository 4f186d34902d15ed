import CAMOVision

extension GateDecision {
    /// The image with face boxes (green), object boxes (orange), detector keypoints (red) and 68-point
    /// landmarks (cyan) drawn on it, and the aligned crops pasted along the bottom, for a person to check.
    public func overlay(on image: Image) throws -> Image {
        var canvas = image
        let thickness = max(1, min(image.width, image.height) / 300)
        for object in objects { canvas.strokeBox(object.box, colour: (255, 160, 0), thickness: thickness) }
        for face in faces {
            canvas.strokeBox(face.box, colour: (0, 220, 0), thickness: thickness)
            for point in face.keypoints { canvas.fillDot(point, radius: thickness + 1, colour: (255, 0, 0)) }
            for point in face.landmarks ?? [] { canvas.fillDot(point, radius: thickness, colour: (0, 220, 255)) }
        }
        guard !alignedFaces.isEmpty else { return canvas }
        let side = alignedFaces[0].image.width
        let stripHeight = side
        let width = max(canvas.width, side * alignedFaces.count)
        var sheet = Image(width: width, height: canvas.height + stripHeight, fill: (32, 32, 32))
        sheet.paste(canvas, x: 0, y: 0)
        for (index, aligned) in alignedFaces.enumerated() { sheet.paste(aligned.image, x: index * side, y: canvas.height) }
        return sheet
    }
}

extension Image {
    mutating func strokeBox(_ box: Box, colour: (UInt8, UInt8, UInt8), thickness: Int) {
        let x0 = Int(box.minX.rounded()), y0 = Int(box.minY.rounded())
        let x1 = Int(box.maxX.rounded()), y1 = Int(box.maxY.rounded())
        for t in 0..<thickness {
            for x in x0...max(x0, x1) {
                setIfInside(x, y0 + t, colour)
                setIfInside(x, y1 - t, colour)
            }
            for y in y0...max(y0, y1) {
                setIfInside(x0 + t, y, colour)
                setIfInside(x1 - t, y, colour)
            }
        }
    }

    mutating func fillDot(_ centre: Point, radius: Int, colour: (UInt8, UInt8, UInt8)) {
        let cx = Int(centre.x.rounded()), cy = Int(centre.y.rounded())
        for dy in -radius...radius {
            for dx in -radius...radius where dx * dx + dy * dy <= radius * radius {
                setIfInside(cx + dx, cy + dy, colour)
            }
        }
    }

    mutating func paste(_ other: Image, x: Int, y: Int) {
        for row in 0..<other.height where y + row < height {
            for column in 0..<other.width where x + column < width {
                self[x + column, y + row] = other[column, row]
            }
        }
    }

    private mutating func setIfInside(_ x: Int, _ y: Int, _ colour: (UInt8, UInt8, UInt8)) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        self[x, y] = colour
    }
}
