import CVips
import Foundation

/// glibc's allocator gives each thread that contends for it an arena of its own, up to eight per core,
/// and keeps what they free: with libvips, Tesseract and OpenCV allocating tens of megabytes per image
/// on several threads, a run's memory grows with the arenas, not with the work. Two settings keep it
/// flat:
/// - one arena per core (measured: 659 MB to 561 MB peak over 18 photos of 12 MP with two jobs);
/// - a fixed mmap threshold of 4 MB. glibc raises its threshold to the size of each large block
///   freed (up to 32 MB), after which picture-sized buffers come from the arenas and stay there once
///   freed; with the threshold fixed, every buffer of 4 MB or more (pictures, network layers) is mapped
///   and handed back to the system when freed. Measured over 18 photos of 12 MP, two jobs: 555 MB
///   peak with glibc's own threshold, 518-543 MB at 4 MB, 493-521 MB at 256 KB or 1 MB; but the
///   smaller thresholds cost 1-2 s more of system time (page faults of fresh mappings) per 18 photos,
///   up to 10% of the run, against about 4% at 4 MB.
public enum AllocatorSettings {
    public static let mmapThreshold: Int32 = 4 << 20

    public static func apply() {
        vigie_tune_malloc(Int32(Swift.max(2, ProcessInfo.processInfo.activeProcessorCount)), mmapThreshold)
    }
}
