import ArgumentParser

/// `vigie-eval`: measures each detector on a labelled set and prints recall and precision.
/// Kept out of the `vigie` binary: it generates test images and reads label files, which a school's
/// machine never needs. Figures are recorded in docs/ACCURACY.md.
@main
struct VigieEval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigie-eval",
        abstract: "Measure Vigie's detectors on labelled sets: recall and precision per rule.",
        subcommands: [
            FacesEvaluation.self, BlurEvaluation.self, FacesQualityBenchmark.self, OCREvaluation.self, TextWords.self, HEIFBenchmark.self,
        ]
    )
}
