import Foundation

/// A rectangle in displayed image pixels (after orientation): where a finding, a face or a word
/// read in a picture lies. Geometry only: decoding, vision, checks and reports all speak it.
public struct Region: Sendable, Equatable, Hashable, Codable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }

    /// The smallest box holding both.
    public func union(_ other: Region) -> Region {
        let x0 = Swift.min(x, other.x), y0 = Swift.min(y, other.y)
        return Region(x: x0, y: y0, width: Swift.max(maxX, other.maxX) - x0, height: Swift.max(maxY, other.maxY) - y0)
    }

    /// True when the centre of `other` lies inside this box.
    public func containsCentre(of other: Region) -> Bool {
        let cx = other.x + other.width / 2, cy = other.y + other.height / 2
        return cx >= x && cx < maxX && cy >= y && cy < maxY
    }

    /// True when all of `other` lies inside this box.
    public func contains(_ other: Region) -> Bool {
        other.x >= x && other.y >= y && other.maxX <= maxX && other.maxY <= maxY
    }

    public func intersects(_ other: Region) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
}
