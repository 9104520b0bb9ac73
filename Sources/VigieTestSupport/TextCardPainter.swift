import CVips
import Foundation
import VigieMedia

/// Paints text on real photos the way it appears in schools (cards, badges, sheets, whiteboards),
/// for the OCR evaluation set. Not used when checking files.
public enum TextCardPainter {
    /// One piece of text on a card.
    public struct Card: Sendable {
        /// Plain text; lines separated by "\n".
        public var text: String
        /// A fontconfig family available on the machine ("DejaVu Sans").
        public var font: String
        /// Height of a capital letter, in pixels of the output image.
        public var capHeight: Double
        public var paper: [Double]
        public var ink: [Double]
        /// Degrees, counter-clockwise positive as libvips rotates.
        public var angle: Double
        /// Gaussian blur of the card, in pixels.
        public var blur: Double
        /// Place of the card's top-left corner, as fractions of the free space of the image.
        public var place: (x: Double, y: Double)
        /// The card seen at an angle: the share by which its far side is shorter than its near side
        /// (0 for a card seen face on; the right side when positive, the left when negative).
        public var keystone: Double
        /// Whether the far side is the bottom (positive) or the top (negative) instead.
        public var keystoneVertical: Bool

        public init(
            text: String, font: String, capHeight: Double, paper: [Double], ink: [Double], angle: Double, blur: Double,
            place: (x: Double, y: Double), keystone: Double = 0, keystoneVertical: Bool = false
        ) {
            self.text = text
            self.font = font
            self.capHeight = capHeight
            self.paper = paper
            self.ink = ink
            self.angle = angle
            self.blur = blur
            self.place = place
            self.keystone = keystone
            self.keystoneVertical = keystoneVertical
        }
    }

    /// Resizes the photo at `base` to `width` x `height` (display orientation), paints `cards` on it
    /// and saves a JPEG at `output`. Returns each card's box in the output (before rotation).
    @discardableResult
    /// Whether Pango renders `font` (a Pango description without its size, as a card's font) with
    /// a font of its own: a family it does not find is drawn in its fallback without a word, so a
    /// sample drawn pixel for pixel as in a family no one has is the fallback. ("Nimbus Roman" was
    /// one: Pango reads "Roman" as a style; "Nimbus Roman," names the family.)
    public static func rendersOwnFont(_ font: String) throws -> Bool {
        let fallbackFamily = "DejaVu Sans"
        try Vips.start()
        func pixels(_ font: String) throws -> (width: Int, height: Int, bytes: [UInt8]) {
            var out: UnsafeMutablePointer<VipsImage>?
            guard vigie_vips_text_mask("Student ID 1234567, date de naissance : 12/03/2011", "\(font) 10", 144, &out) == 0, let m = out
            else {
                throw MediaError(.corrupt, "the text cannot be rendered", underlying: Vips.takeError())
            }
            let mask = VipsImageHandle(m)
            var size = 0
            guard let memory = vips_image_write_to_memory(mask.pointer, &size) else {
                throw MediaError(.corrupt, "the text cannot be rendered", underlying: Vips.takeError())
            }
            defer { g_free(memory) }
            return (mask.width, mask.height, Array(UnsafeRawBufferPointer(start: memory, count: size)))
        }
        let own = try pixels(font), fallback = try pixels("Vigie No Such Family,")
        // Drawn as the fallback: its own only when it names the fallback (Debian's: DejaVu Sans).
        return own.width != fallback.width || own.height != fallback.height || own.bytes != fallback.bytes
            || font == fallbackFamily || font == fallbackFamily + ","
    }

    /// Paints `cards` on `base` resized to `width` x `height`, in order; returns each card's box
    /// (before its tilt). With `apart`, a card whose footprint (its box with room for its tilt) would
    /// cover a card painted before it goes to the first free place among its mirror images and a grid
    /// of places (drawn without randomness, so a set's other images stay as they were); where none is
    /// free it stays: an evaluation must not count as missed what another card hides.
    public static func paint(base: String, width: Int, height: Int, cards: [Card], output: String, apart: Bool = false) throws
        -> [Region]
    {
        try Vips.start()
        guard let raw = vigie_vips_open_oriented(base) else {
            throw MediaError(.unreadable, "the base photo cannot be opened", underlying: Vips.takeError())
        }
        var image = VipsImageHandle(raw)
        var out: UnsafeMutablePointer<VipsImage>?
        guard vigie_vips_resize_to(image.pointer, Int32(width), Int32(height), &out) == 0, let resized = out else {
            throw MediaError(.corrupt, "the base photo cannot be resized", underlying: Vips.takeError())
        }
        image = VipsImageHandle(resized)
        var boxes: [Region] = [], footprints: [Region] = []
        for card in cards {
            let escaped = card.text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
            // A capital is about 0.72 of the em; the em is size x dpi / 72 pixels at size 10.
            let dpi = Int((card.capHeight / 0.72 * 72 / 10).rounded())
            var maskOut: UnsafeMutablePointer<VipsImage>?
            guard vigie_vips_text_mask(escaped, "\(card.font) 10", Int32(dpi), &maskOut) == 0, let m = maskOut else {
                throw MediaError(.corrupt, "the text cannot be rendered", underlying: Vips.takeError())
            }
            let mask = VipsImageHandle(m)
            let margin = Int(card.capHeight)
            let cardWidth = mask.width + 2 * margin, cardHeight = mask.height + 2 * margin
            func footprint(_ place: (x: Double, y: Double)) -> Region {
                let x = Int(Double(Swift.max(0, width - cardWidth - cardHeight / 2)) * place.x)
                let y = Int(Double(Swift.max(0, height - cardHeight - cardWidth / 4)) * place.y)
                return Region(x: x, y: y, width: cardWidth + cardHeight / 2, height: cardHeight + cardWidth / 4)
            }
            var place = card.place
            if apart {
                let grid = stride(from: 0.1, through: 0.9, by: 0.2).flatMap { gy in
                    stride(from: 0.1, through: 0.9, by: 0.2).map { (x: $0, y: gy) }
                }
                let mirrors = [(x: place.x, y: 1 - place.y), (x: 1 - place.x, y: place.y), (x: 1 - place.x, y: 1 - place.y)]
                let free = ([place] + mirrors + grid).first { p in !footprints.contains { $0.intersects(footprint(p)) } }
                place = free ?? place
            }
            let spot = footprint(place)
            footprints.append(spot)
            let x = spot.x, y = spot.y
            var painted: UnsafeMutablePointer<VipsImage>?
            let status = card.paper.withUnsafeBufferPointer { paper in
                card.ink.withUnsafeBufferPointer { ink in
                    vigie_vips_paint_card(
                        image.pointer, mask.pointer, paper.baseAddress, ink.baseAddress, Int32(margin), card.angle, card.keystone,
                        card.keystoneVertical ? 1 : 0, card.blur, Int32(x), Int32(y), &painted)
                }
            }
            guard status == 0, let p = painted else {
                throw MediaError(.corrupt, "the card cannot be painted", underlying: Vips.takeError())
            }
            image = VipsImageHandle(p)
            boxes.append(Region(x: x, y: y, width: cardWidth, height: cardHeight))
        }
        guard vigie_vips_save_jpeg(image.pointer, output) == 0 else {
            throw MediaError(.unreadable, "the image cannot be saved", underlying: Vips.takeError())
        }
        return boxes
    }
}
