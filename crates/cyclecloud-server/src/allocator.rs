//! The process's memory: large buffers as mappings of their own, and free memory given back to
//! the system after a document is closed.
//!
//! The CLI installs [`LargeBuffersApart`] as the process's global allocator (Rust's buffers)
//! and calls [`map_large_buffers_apart`] before it starts the server's threads (the C code's:
//! tree-sitter allocates with `malloc`); the server calls [`give_back_free_memory`] once the
//! analysis of a closed document is freed.

/// Lets the C code's buffers of 1 MiB and more live in mappings of their own, returned to the
/// system when freed, so that opening and editing a large file does not leave the heap holding
/// its peak (Rust's buffers are [`LargeBuffersApart`]'s).
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

/// Buffers from this size up get a mapping of their own (see [`LargeBuffersApart`]): the
/// threshold [`map_large_buffers_apart`] gives glibc, for the reason given there.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const LARGE: usize = 1 << 20;

/// The process's allocator: the system's, except that every buffer of 1 MiB or more is a
/// mapping of its own, unmapped when freed.
///
/// glibc maps such buffers only when no free space in its heap fits them. After a closed
/// document's memory was given back ([`give_back_free_memory`]), the free space that remained
/// took the next document's large tables; freed, they stayed resident, and every keystroke
/// that rebuilt them added to the heap (the latency bench's typing at 100,000 lines peaked 8 to
/// 10 MiB higher).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub struct LargeBuffersApart;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
impl LargeBuffersApart {
    /// Whether `layout` is served by a mapping: large, and aligned to no more than a page.
    fn mapped(layout: std::alloc::Layout) -> bool {
        layout.size() >= LARGE && layout.align() <= 4096
    }

    /// A new mapping of `size` bytes, zeroed, or null.
    #[allow(unsafe_code)]
    fn map(size: usize) -> *mut u8 {
        // SAFETY: an anonymous private mapping at an address of the kernel's choosing touches
        // no existing memory.
        let at = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                size,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if at == libc::MAP_FAILED {
            std::ptr::null_mut()
        } else {
            at.cast()
        }
    }
}

// SAFETY: small buffers are the system allocator's; a large one is a mapping made by `map` of
// exactly its layout's size, which `dealloc` and `realloc` receive back (the `GlobalAlloc`
// contract), so each is unmapped or remapped whole and only once.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
unsafe impl std::alloc::GlobalAlloc for LargeBuffersApart {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if Self::mapped(layout) {
            Self::map(layout.size())
        } else {
            // SAFETY: the caller's layout, passed on.
            unsafe { std::alloc::System.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        if Self::mapped(layout) {
            // A new anonymous mapping is zeroed.
            Self::map(layout.size())
        } else {
            // SAFETY: the caller's layout, passed on.
            unsafe { std::alloc::System.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        if Self::mapped(layout) {
            // SAFETY: `ptr` is the start of a mapping of `layout.size()` bytes (see above).
            unsafe {
                libc::munmap(ptr.cast(), layout.size());
            }
        } else {
            // SAFETY: made by the system allocator with this layout.
            unsafe { std::alloc::System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        // The caller keeps the alignment and gives a non-zero size that fits `isize`.
        let Ok(new_layout) = std::alloc::Layout::from_size_align(new_size, layout.align()) else {
            return std::ptr::null_mut();
        };
        match (Self::mapped(layout), Self::mapped(new_layout)) {
            // SAFETY: made by the system allocator with this layout.
            (false, false) => unsafe { std::alloc::System.realloc(ptr, layout, new_size) },
            (true, true) => {
                // SAFETY: `ptr` is a mapping of `layout.size()` bytes; the kernel may move it.
                let at = unsafe {
                    libc::mremap(ptr.cast(), layout.size(), new_size, libc::MREMAP_MAYMOVE)
                };
                if at == libc::MAP_FAILED {
                    std::ptr::null_mut()
                } else {
                    at.cast()
                }
            }
            _ => {
                // SAFETY: a new buffer of the new layout; the old one is valid for the smaller
                // of the two sizes, copied and then freed with its own layout.
                unsafe {
                    let moved = self.alloc(new_layout);
                    if !moved.is_null() {
                        std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    moved
                }
            }
        }
    }
}

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
