import CSpectrum

/// Power cepstra of square tiles (`vigie_power_cepstra`, OpenCV's Fourier transform): for each
/// tile, the inverse transform of the logarithm of its power spectrum. A blur along a line of L
/// pixels leaves nulls in the spectrum every 1/L along the line, and so a deep trough in the
/// cepstrum at a lag of L pixels along it, whatever the scene.
public enum Cepstrum {
    /// The cepstra of `count` tiles of `side` x `side` values laid one after the other in `tiles`
    /// (each windowed, its mean removed, by the caller), laid out the same way: lag (dx, dy) at row
    /// dy mod side, column dx mod side. Nil when OpenCV fails (out of memory) or the sizes are wrong.
    public static func power(_ tiles: [Float], count: Int, side: Int) -> [Float]? {
        guard count > 0, side >= 8, tiles.count == count * side * side else { return nil }
        var out = [Float](repeating: 0, count: tiles.count)
        let status = tiles.withUnsafeBufferPointer { t in
            out.withUnsafeMutableBufferPointer { o in
                vigie_power_cepstra(t.baseAddress, Int32(count), Int32(side), o.baseAddress)
            }
        }
        return status == Int32(VIGIE_SPECTRUM_OK) ? out : nil
    }
}
