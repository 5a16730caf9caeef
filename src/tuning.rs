//! How a journeyhub process tunes itself: the allocator, huge pages, and memory handed back
//! to the system. The library stays portable and knows none of this; the `journeyhub`
//! binary and the benchmark tools (tools/) include this file.

/// Rendering and indexing make many small allocations from every core at once; glibc's
/// allocator spent a quarter of a build's samples in malloc and free, with its arena locks
/// contended. mimalloc (Microsoft's, well kept) keeps per-thread heaps.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Settings applied before any work.
pub fn apply() {
    small_pages_only();
    tree_sitter_zeroes_what_it_takes();
}

/// Gives tree-sitter a `calloc` that writes its zeros.
///
/// Compiling a grammar's highlight query takes megabytes of zeroed memory (a table of
/// every parse state of the grammar) and reads much of it before writing it. Fresh memory
/// from the allocator is zero already, so `calloc` leaves it untouched: each page was then
/// mapped for the read and faulted again for the write, and the second fault stops the
/// other cores to flush their view of the page. That was a tenth of a 20-document build's
/// CPU time. Written at once, each page faults once.
fn tree_sitter_zeroes_what_it_takes() {
    use std::ffi::c_void;
    /// tree-sitter's own functions abort on a failed allocation; so do these.
    fn present(block: *mut c_void) -> *mut c_void {
        if block.is_null() {
            std::process::abort();
        }
        block
    }
    unsafe extern "C" fn calloc(count: usize, size: usize) -> *mut c_void {
        let Some(bytes) = count.checked_mul(size) else {
            std::process::abort();
        };
        // SAFETY: malloc takes any size, and `present` stops on null.
        let block = present(unsafe { libc::malloc(bytes.max(1)) });
        // SAFETY: the block holds at least `bytes` bytes.
        unsafe { std::ptr::write_bytes(block.cast::<u8>(), 0, bytes) };
        block
    }
    unsafe extern "C" fn malloc(size: usize) -> *mut c_void {
        // SAFETY: as libc's malloc.
        present(unsafe { libc::malloc(size.max(1)) })
    }
    unsafe extern "C" fn realloc(block: *mut c_void, size: usize) -> *mut c_void {
        // SAFETY: `block` came from these functions, as tree-sitter frees only its own.
        present(unsafe { libc::realloc(block, size.max(1)) })
    }
    unsafe extern "C" fn free(block: *mut c_void) {
        // SAFETY: as libc's free, on a block of this family.
        unsafe { libc::free(block) };
    }
    // SAFETY: called first thing in `main`, before any thread starts or any tree-sitter
    // object exists; the four functions are libc's (mimalloc's, which overrides them), with
    // calloc zeroing by hand and none returning null.
    unsafe {
        tree_sitter::set_allocator(Some(tree_sitter::Allocator {
            malloc,
            calloc,
            realloc,
            free,
        }));
    }
}

/// mimalloc's `mi_option_purge_delay`, the same number in its v2 and v3 headers; the
/// bindings name no constant for it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Gives freed pages back to the system 2 ms after they are freed instead of after mimalloc's
/// default of one second. Rendering frees and takes memory in quick turns on every core, and
/// a build's peak held what had been freed within the last second: at 1,000 documents
/// 100–104 MB against 76–80 MB, at 10,000 471–473 MB against 395–396 MB, with no more CPU time
/// (bench/notes.md, nineteenth pass). For a build only: the preview keeps what it renders,
/// and with the short delay its first build took about a second longer at 10,000
/// documents. `MIMALLOC_PURGE_DELAY` in the environment still decides when it is set.
pub fn return_freed_pages_soon() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: mi_option_set stores a value that mimalloc reads each time it considers a
    // purge; any delay is valid.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 2) };
}

/// Turns transparent huge pages off for this process.
///
/// The allocator asks the kernel for huge pages, and a build touches its memory sparsely
/// while thousands of pages are rendered and dropped: a 2 MB page faulted in for a few
/// kilobytes held peak memory at 1.7 times what was in use (1,000 documents without the
/// search index: 188 MB with huge pages, 109 MB without), and zeroing them was a fifth of a
/// small build's CPU time.
fn small_pages_only() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and sets a flag of this process only;
    // on a kernel without it the call fails and nothing changes.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Hands memory freed so far back to the system (`BuildOptions::memory_freed`). The
/// allocator keeps freed memory for a second before it does so itself, longer than a small
/// site's whole build: without this, the markdown let go of after linking would still count
/// in the build's peak.
pub fn return_freed_memory() {
    // SAFETY: mi_collect only walks the allocator's own structures; it takes no pointers.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// Leaves what a build made in memory to the system, which takes it back at once when the
/// process ends, instead of freeing it one allocation at a time.
pub fn leave_to_the_system<T>(memory: T) {
    std::mem::forget(memory);
}
