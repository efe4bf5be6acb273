//! The server process's use of the C allocator: one setting made at start, and free memory
//! given back to the system after a document is closed.
//!
//! The CLI calls [`map_large_buffers_apart`] before it starts the server's threads; the
//! server calls [`give_back_free_memory`] once the analysis of a closed document is freed.

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

/// Returns the whole free pages the heap holds to the system.
///
/// glibc gives back only the free space at the top of each heap, so a closed document's tree,
/// units and model (about 100 MB for a 100,000-line template) stayed resident, free, until
/// other documents reused the space: the peak RSS of editing the next document started from
/// there. Called after a closed document is freed, not on keystrokes: pages given back are
/// faulted in again when reused, which on every keystroke added a third to its latency at
/// 100,000 lines (docs/performance.md).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn give_back_free_memory() {
    // SAFETY: `malloc_trim` only releases pages of free chunks, under each arena's own lock;
    // no allocation of ours is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Other allocators return memory on their own terms.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back_free_memory() {}
