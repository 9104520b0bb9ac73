/// Every number the text reader was tuned with, in one place: how lines are found and read
/// (`TextLineDetector`, `TextReader.readLines`) and how rows of small print are proposed for a second
/// look (`TextProposals`). Each says what it does and, where it was
/// measured, what the measurement showed. A change here changes what `vigie check` reads: measure it
/// with `vigie-eval ocr` on the sets it was not tuned on (`docs/ACCURACY.md`) before keeping it.
public enum OCRTuning {
    // MARK: Reading by lines (TextLineDetector)

    /// Long side of the text detector's input on the whole picture, at most (a multiple of 32). 640
    /// costs 160 ms of one core instead of 400, but lost 4 of 60 on the liberation set with the
    /// cheaper second looks it was tried with (docs/ACCURACY.md).
    public static let detectorLongSide = 960
    /// Most pixels the detector's network takes at once; a larger input runs in overlapping bands of
    /// rows, or of columns (`vigie_text_detect`). Its buffers take about 200 bytes a pixel (150 MB at 960 x 736,
    /// 222 MB at 1024 x 1024) and stay with the detector between pictures.
    public static let maxNetworkPixels = 768 * 576
    /// Rows (or columns) two bands share at least, in network pixels; each band's map is kept to the
    /// middle of the overlap.
    public static let bandOverlap = 64
    /// The same for a part looked at again, whose lines are two to four times as high in the
    /// network's input and may climb across seams: a 62 px line tilted 14 degrees across two seams
    /// of a part of 3410 x 1092 px (three bands of 224 rows) came out of the map put together forked
    /// at its end, its box 1.6 times as high and its mean probability 0.48, under `lineThreshold`
    /// (set 39); sharing 128 rows, 0.68.
    public static let secondLookBandOverlap = 128
    /// Long side of the glance taken first at a picture without rows of small print
    /// (`TextProposals`): with no line there either, the picture is done. On 56 ordinary corpus
    /// photos, 29 ended there; every one of the 252 generated photos of urw, liberation and classic
    /// (negatives included) has rows, so none is decided by it.
    public static let glanceLongSide = 480
    /// Least mean probability inside a line for it to be read (PaddleOCR's box threshold).
    public static let lineThreshold = 0.5
    /// A line less high than this in the detector's input (its box, in network pixels) is looked for
    /// again at full resolution, around it: print of that size runs together with the lines next to it.
    public static let refineBelowNetworkHeight = 40.0
    /// A row of letter-like marks (`TextProposals`) at least this high in the detector's input on the
    /// whole picture (its box, network pixels) is looked at again only where the detector gave some
    /// pixel inside it a probability of text above `rowSeenPeak` (PaddleOCR's pixel threshold): print
    /// of that size shows on the map, and rows of that size with none are leaves, bricks or a fence.
    /// On the OCR bench (24 corpus photos, 28 generated with text), 57 of 178 rows whose second look
    /// found nothing are left out this way, and 4 of 75 whose look found a line (one seen: a blurred
    /// sign, read as nothing); the median cost of a photo without text fell from 950 to about 600 ms,
    /// and no figure of the three evaluation sets moved (docs/ACCURACY.md).
    public static let rowSeenNetworkHeight = 16.0
    public static let rowSeenPeak = 0.3
    /// A row of marks whose gaps vary at least this much (standard deviation over mean) is spaced
    /// like words, and `wordSpacedRows` of the rows looked at again are kept for such rows
    /// (`TextProposals.lookedAt`). On three generated photos with a card of small print before a
    /// curtain or a wire grid (about 100 rows each), the card's row was the only one above it (0.46,
    /// 0.64, 0.84; the folds about 0.1) and ranked 56th to 93rd by its marks: never looked at again.
    /// Ranking all such rows first lost a small "Confidentiel" in a monospace font (evenly spaced)
    /// behind rows of a street scene (docs/ACCURACY.md, stop 41).
    public static let wordGapVariation = 0.4
    public static let wordSpacedRows = 2
    /// Most parts of a picture looked at again, and the long side of the detector's input there
    /// (each part enlarged twice up to that).
    public static let maxRefinedRegions = 8
    public static let refinedLongSide = 1024
    /// A part is seen no larger than shows its lowest line (or row of marks) this high in the
    /// detector's input: the network finds lines from about 8 pixels, and lines that ran together in
    /// the first look stand apart at this height. Parts of large print (a card's lines 60 to 90 px
    /// high at full resolution) ran at 1024 px, with their lines two or three times this high: seen
    /// at this height instead, the six generated evaluation sets give the same findings image for
    /// image, and the OCR stage's median on one core fell from 707 to 636 ms on 12 MP photos with
    /// school text, 617 to 537 ms without (docs/BENCHMARKS.md, "Stop 39").
    public static let secondLookLineHeight = 32.0
    /// A part longer than that (parts merged into a strip across the picture) is still seen at no
    /// less than this share of its own pixels, within `refinedMaxPixels` network pixels: scaled to
    /// 1024 px, a strip of 2792 px loses its 20 px print.
    public static let refinedMinScale = 0.5
    public static let refinedMaxPixels = 1_200_000
    /// Most rows running down the picture (a card turned a quarter) looked at again.
    public static let maxUprightRows = 2
    /// Most lines read per picture, the most probable first.
    public static let maxLines = 96
    /// A line less high than this in the working copy (working pixels, box included) is cut from the
    /// picture at full resolution.
    public static let lineMinWorkingHeight = 36.0
    /// Height a line's box is brought to for Tesseract (its letters about two thirds of it), enlarged
    /// at most `lineMaxEnlargement` times.
    public static let lineReadHeight = 48.0
    public static let lineMaxEnlargement = 3.0
    /// A line cut at no more than this enlargement (large print, cut near its own size) is smoothed
    /// before Tesseract (`GreyImage.smoothed`): at its own size a photo's grain on thin strokes
    /// garbles Tesseract's reading ("Born: 16 March 2017" in a light weight, 40 px capitals, read "Born
    /// Lo Mare Oly"), while a line enlarged two or three times is smooth already and loses detail
    /// (smoothing every line lost two small or blurred lines). On two independent sets made after
    /// this was chosen: 116 -> 118 and 115 -> 116 of 120 (docs/ACCURACY.md, stop 47).
    public static let smoothUpToEnlargement = 1.1
    /// A line enlarged past `smoothUpToEnlargement` with nothing read or a word read at a confidence
    /// under this is read again smoothed, the more legible reading kept. Chosen on independent set
    /// 43 (50 and 70 read the same lines there; 48 of its 226 lines so enlarged were read twice).
    public static let rereadBelowConfidence = 50.0
    /// A line still read with a word under `rereadBelowConfidence` is read again cut this much
    /// smaller, the more legible reading kept (`TextReader.readLine`). Tesseract reads that line at
    /// 0.5 to 0.9 of `lineReadHeight` (smoothed) and not at 1.0 or 1.2: 0.7, the middle, not tuned
    /// further.
    public static let smallerReadFactor = 0.7
    /// A rule wiped out of a line's cut before it is read (`GreyImage.withoutRules`): ink no thicker
    /// than `ruleThickness` of the line's height, longer than `ruleLengthAcross` of it across or
    /// `ruleLengthDown` of the cut's height down (the cut is the line's height and
    /// `linePadding` above and below: 0.9 of it is 1.35 line heights, more than any glyph, "|"
    /// included). Chosen on the 423 lines of independent set 43, each read with and without
    /// (docs/ACCURACY.md, stop 52).
    public static let ruleThickness = 0.2
    public static let ruleLengthAcross = 1.5
    public static let ruleLengthDown = 0.9
    /// Ground added around a line's box above and below, as a share of its height (twice that before
    /// and after).
    public static let linePadding = 0.25
    /// Letters leaning more than this (a shear: horizontal pixels per pixel of height) are stood
    /// upright before a line is read (`GreyImage.slantAtEnds`), within `slantLimit`, in steps of `slantStep`.
    /// A card turned away at its top or bottom leans its letters up to 0.7 one way at one end of a
    /// line and the other way at the other (0.5, the limit until stop 44, left them leaning).
    public static let slantMin = 0.1
    public static let slantLimit = 0.8
    public static let slantStep = 0.05
    /// Pieces of a line whose slant is measured, in heights of the line as cut; those with less ink
    /// than this share of their pixels are left out.
    public static let slantPiece = 2.0
    public static let slantMinInk = 0.05
    /// A shear is kept when its columns of ink are this much more uneven than the line's as cut.
    public static let slantMinGain = 0.05

    /// Two pieces of one line (`TextReader.joinedAlongRows`): running the same way within this many
    /// degrees, the higher at most this many times the lower, less than this many heights apart.
    public static let rowAngle = 5.0
    public static let rowHeightRatio = 1.5
    public static let rowGap = 2.0
    /// A line less long than this many times its height (a word of one to three letters) takes the
    /// direction of the row it stands on (`TextReader.alongTheirRows`) when that differs by more than
    /// `shortLineTurn` degrees; a row reaches this many of its heights beside it.
    public static let shortLine = 2.0
    public static let shortLineTurn = 2.0
    public static let shortLineReach = 8.0
    /// A line with this many fillers (`<`) is a machine-readable zone's, read again in its alphabet.
    public static let machineReadableFillers = 5
    public static let machineReadableAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
    /// A line read again in that alphabet keeps the new reading only when it holds this many fillers
    /// (as many as `text.personal-info.identity-document` needs).
    public static let machineReadableKeptFillers = 2
    /// A word of this many capitals, digits and fillers may be part of a machine-readable zone's line
    /// (30 to 44 characters), which is then read again across the picture.
    public static let machineReadableRun = 12

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
    /// Heights, in pixels, of a mark that may be a letter. From 5: capitals of 16 px in a 4000 px
    /// photo are 8 px high in the 2048 px working copy, their small letters 4.5 to 5 (at 6, a row of
    /// them was a row of capitals and digits only, and a sheet of names in small print had none).
    public static let letterMinHeight = 5
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
    /// The widest gap between two neighbouring letters of one row, in heights of the taller; up to
    /// `punctuatedGap` with a colon in it (two dots lower and narrower than `letterMinHeight`, one
    /// above the other): " : " is about 1.5 heights in a proportional font, 2.4 in a monospace one
    /// (a space as wide as a letter: "Note : 78 %" in DejaVu Sans Mono of 22 px capitals).
    public static let letterMaxGap = 1.25
    public static let punctuatedGap = 3.0
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
}
