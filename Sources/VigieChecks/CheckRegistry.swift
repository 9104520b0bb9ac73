import Foundation

/// Every check, in one sorted list. `vigie rules`, the reports and the docs read it; a test fails when
/// a check type in `Sources/VigieChecks/Checks` is missing from it.
public enum CheckRegistry {
    public static let checks: [any Check.Type] = [
        BlurQualityCheck.self,
        ColleagueCheck.self,
        ConfidentialTextCheck.self,
        CreditCaptionCheck.self,
        ExposureQualityCheck.self,
        GradeTextCheck.self,
        IdentifyingMetadataCheck.self,
        LocationMetadataCheck.self,
        MissingCaptionCheck.self,
        NoConsentCheck.self,
        OrientationQualityCheck.self,
        PersonalChannelCheck.self,
        PersonalInfoCaptionCheck.self,
        PersonalInfoTextCheck.self,
        ResolutionQualityCheck.self,
        RevokedConsentCheck.self,
        SensitiveGroupCaptionCheck.self,
        ShoutingCaptionCheck.self,
        SpellingCaptionCheck.self,
        StudentIDTextCheck.self,
        StudentNameTextCheck.self,
        ThumbnailMetadataCheck.self,
        TrailerMetadataCheck.self,
        UnauthorisedTagCheck.self,
    ]

    /// Every rule Vigie reports: the pipeline's file rules, then each check's, sorted by id.
    public static var rules: [RuleDescription] {
        (FileRules.all + checks.map { $0.rule }).sorted { $0.id < $1.id }
    }

    public static func rule(_ id: String) -> RuleDescription? { rules.first { $0.id == id } }

    /// Runs every check on one asset; checks whose rule `settings` turn off are not run, and the
    /// severity `settings` give a rule replaces its default on every finding. `family` runs only the
    /// checks of one family (a video's metadata).
    public static func run(_ asset: Asset, settings: RuleSettings = RuleSettings(), family: RuleFamily? = nil) -> [Finding] {
        checks.filter { settings.isEnabled($0.rule.id) && (family == nil || $0.rule.family == family) }.flatMap {
            $0.init().findings(in: asset)
        }.map { settings.applied($0) }
    }
}
