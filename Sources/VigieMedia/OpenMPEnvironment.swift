import CVips
import Foundation

/// Tesseract parallelises with OpenMP, which is 3 to 5 times slower in total when every engine uses
/// every core; Vigie parallelises across images instead. libgomp reads `OMP_THREAD_LIMIT` once, before
/// `main`, so setting it later does nothing: an executable that runs OCR calls
/// `OpenMPEnvironment.limitToOneThread()` first thing, and re-executes itself once with the variable set.
public enum OpenMPEnvironment {
    /// Set in the re-executed process so a failed re-execution can never loop.
    static let marker = "VIGIE_OMP_REEXEC"

    /// Re-executes the running program (same arguments, same open files) with `OMP_THREAD_LIMIT=1`
    /// when the variable is not set; returns when it is already set (by the user or a first
    /// re-execution) or when re-execution is impossible (OCR is then only slower).
    public static func limitToOneThread() {
        let env = ProcessInfo.processInfo.environment
        guard env["OMP_THREAD_LIMIT"] == nil, env[marker] == nil else { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        setenv(marker, "1", 1)
        let arguments = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        // /proc/self/exe is this very program, whatever argv[0] says. On success execv does not return.
        _ = execv("/proc/self/exe", argv)
        for p in argv { free(p) }
    }
}

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

