//! Settings a journeyhub process applies to itself before any work.

/// Turns transparent huge pages off for this process.
///
/// The allocator asks the kernel for huge pages, and a build touches its memory sparsely
/// while thousands of pages are rendered and dropped: a 2 MB page faulted in for a few
/// kilobytes held peak memory at 1.7 times what was in use (1,000 documents without the
/// search index: 188 MB with huge pages, 109 MB without), and zeroing them was a fifth of a
/// small build's CPU time.
pub fn small_pages_only() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and sets a flag of this process only;
    // on a kernel without it the call fails and nothing changes.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
