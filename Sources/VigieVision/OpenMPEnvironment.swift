import CTesseract

/// Tesseract parallelises with OpenMP, which is 3 to 5 times slower in total when every engine uses
/// every core; Vigie parallelises across images instead. Each thread that runs Tesseract first makes
/// its own parallel regions serial (`runSeriallyOnThisThread`): no environment variable needed, no
/// re-execution of the program, and the thread count of a run is its jobs' whatever the environment
/// says.
public enum OpenMPEnvironment {
    /// Makes the parallel regions Tesseract starts from the calling thread run on that thread alone.
    /// Cheap (a symbol lookup and a store): called before each recognition, on whichever thread runs
    /// it. False when the process has no OpenMP runtime (then nothing starts threads either).
    @discardableResult
    public static func runSeriallyOnThisThread() -> Bool {
        vigie_openmp_serial_on_this_thread() != 0
    }

    /// The calling thread's OpenMP max-active-levels: 0 once `runSeriallyOnThisThread` ran on it; nil
    /// without an OpenMP runtime.
    public static var maxActiveLevelsOnThisThread: Int? {
        let levels = vigie_openmp_max_active_levels()
        return levels < 0 ? nil : Int(levels)
    }
}
