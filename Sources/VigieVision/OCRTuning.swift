/// Every number the text reader was tuned with, in one place: how pictures are read (regions, angles,
/// enlargement), how rows of print are proposed before Tesseract reads them (`TextProposals`), and how
/// a card is told from its background (`CardIsolation`). Each says what it does and, where it was
/// measured, what the measurement showed. A change here changes what `vigie check` reads: measure it
/// with `vigie-eval ocr` on the sets it was not tuned on (`docs/ACCURACY.md`) before keeping it.
public enum OCRTuning {
    // MARK: Reading

    /// Longest side, in full-resolution pixels, of one region read again at full resolution (a
    /// larger one, up to twice as large, is read at half resolution).
    public static let maxRegionSide = 1600
    /// Most regions read again per picture (bounds the cost on pictures full of text).
    public static let maxRegions = 6
    /// Angles (degrees clockwise) tried on each region: cards and badges in photos are seldom level,
    /// and Tesseract's line finder gives up a little past 5 degrees.
    public static let angles: [Double] = [0, -7, 7, -14, 14]
    /// Angles of the first pass on the whole working copy.
    public static let firstPassAngles: [Double] = [0]
    /// Smallest long side, in displayed pixels, of a picture read as it is: a smaller one (a web
    /// picture, a scan or photo of a card saved small) has its text too small for Tesseract, which
    /// reads best with letters of 20 to 30 pixels, and is read enlarged.
    public static let smallPictureSide = 1024
    /// Long side a small picture is enlarged to, at most 4 times. On the real identity cards of the
    /// corpus (250 to 726 px), long sides of 1200 and 1600 read every machine-readable zone; 2048
    /// (3.4 times for 600 px) lost three.
    public static let enlargedSide = 1600.0

    // MARK: Proposing rows of print (TextProposals)

    /// Half the side of the window whose mean grey is a pixel's ground (a window of 15 pixels: small
    /// cards on dark grounds keep a bright mean).
    public static let inkWindowRadius = 7
    /// Dark print is looked for only on a ground brighter than this, light print only on a ground
    /// darker than `lightInkGroundBelow` (grey levels).
    public static let darkInkGroundAbove = 70
    public static let lightInkGroundBelow = 185
    /// A pixel is ink when it differs from its ground by at least this many grey levels, and by at
    /// least the ground's distance from black (dark print) or white (light print) over
    /// `inkContrastDivisor`.
    public static let minInkContrast = 20
    public static let inkContrastDivisor = 6
    /// Heights, in pixels, of a mark that may be a letter.
    public static let letterMinHeight = 6
    public static let letterMaxHeight = 90
    /// A letter has at least this many pixels, and fills more than `letterMinFill` and less than
    /// `letterMaxFill` of its box (a dot of noise, a filled block and a hairline are not letters).
    public static let letterMinPixels = 10
    public static let letterMinFill = 0.12
    public static let letterMaxFill = 0.9
    /// Two neighbouring letters of one row: the taller at most this many times the shorter, their
    /// centres at most this fraction of the taller's height apart vertically.
    public static let letterHeightRatio = 1.8
    public static let letterBaselineShift = 0.45
    /// A row has at least this many letters (shorter ones are words of a scene, not print), and is
    /// followed for at most `maxRowLetters`.
    public static let minRowLetters = 5
    public static let maxRowLetters = 400
    /// The most a row's ground may vary (standard deviation), and the most the ground of a mark at
    /// a row's end may differ from the row's, in grey levels.
    public static let maxGroundSpread = 40.0
    /// A row's letters vary in height by less than this fraction of their mean height, sit on a
    /// straight baseline within `maxBaselineResidual` of it, and slope less than `maxRowSlope`.
    public static let maxHeightVariation = 0.45
    public static let maxBaselineResidual = 0.3
    public static let maxRowSlope = 0.4

    // MARK: Isolating a card (CardIsolation)

    /// Least contrast, in grey levels, between a line's ground and its print for a card to be cut out
    /// around it.
    public static let minCardContrast = 40
}
