// The entry point SwiftPM links an executable through (`main` is defined as `<target>_main`), handed to
// libFuzzer's driver: the fuzz binary has no main of its own.
#pragma once
