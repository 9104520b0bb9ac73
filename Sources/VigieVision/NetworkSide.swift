/// Both networks take inputs whose sides are multiples of 32 (their coarsest feature map is a 32nd
/// of the input).
enum NetworkSide {
    /// `pixels` rounded up to a multiple of 32.
    static func roundedUp(_ pixels: Int) -> Int { (pixels + 31) / 32 * 32 }

    /// `pixels` rounded down to a multiple of 32.
    static func roundedDown(_ pixels: Int) -> Int { pixels / 32 * 32 }
}
