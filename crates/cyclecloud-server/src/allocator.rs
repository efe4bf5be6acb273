//! One setting of the C allocator for the language server's long-lived process.

/// Lets buffers of 1 MiB and more live in mappings of their own, returned to the system when
/// freed, so that opening and editing a large file does not leave the heap holding its peak.
///
/// glibc starts mapping buffers from 128 KiB apart, but raises that threshold to the size of
/// each one freed (up to 32 MiB): after a large file is opened, its tables and message buffers
/// come from the heap, and the heap keeps the free space they leave. Fixing the threshold took
/// the peak RSS while typing into a 100,000-line template down by 3.5 to 6 MB
/// (docs/performance.md). 1 MiB, not 128 KiB: at 100,000 lines a keystroke allocates buffers
/// between the two, and mapping each of them anew cost about a fifth of its latency.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn map_large_buffers_apart() {
    // SAFETY: `mallopt` changes a setting of glibc's allocator and touches no memory of ours;
    // it runs before the server starts any thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// Other allocators keep their own policy.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn map_large_buffers_apart() {}
