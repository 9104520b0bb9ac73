import Foundation
import VigieConsentModel

/// What a channel (`--channel`, defined with the ledger's model) means for pictures: the pixels a
/// picture needs and the size at which faces will be seen.
extension Channel {

    /// Smallest long side, in displayed pixels, that shows well on this channel.
    /// - website: 1200, a full-width content image on a school site (common themes use 1200-2000).
    /// - social: 1080, the width Instagram and Facebook show a post at.
    /// - newsletter: 1000, a column-wide picture in an e-mail (600-800 px shown, more for sharp screens).
    /// - yearbook: 2400, a print of about 8 inches at 300 dots per inch.
    /// - press: 3000, what news desks commonly ask for (print at 10 inches, 300 dpi).
    /// - personal: 1080, as social.
    public var minimumLongSide: Int {
        switch self {
        case .website: 1200
        case .social: 1080
        case .newsletter: 1000
        case .yearbook: 2400
        case .press: 3000
        case .personal: 1080
        }
    }

    /// Long side the channel shows a picture at (it scales larger ones down), nil when the picture is
    /// used at full size (print). Faces are judged at this size.
    public var publishedLongSide: Int? {
        switch self {
        case .website, .social, .personal: 2048
        case .newsletter: 1600
        case .yearbook, .press: nil
        }
    }

    /// True where landscape pictures show best (feeds crop portrait ones).
    public var prefersLandscape: Bool { self == .social || self == .personal }
}
