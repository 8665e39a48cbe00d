//! The raw guest ABI: host imports from the `spacedrive` module, the
//! allocator exports the host relies on, and safe wrappers around both.
//!
//! Every pointer crossing the boundary is an `i32` offset into this module's
//! exported `memory`. Buffers that carry a result (host call results and our
//! operation results) are laid out as a little-endian `u32` length `L`
//! followed by `L` bytes of UTF-8 JSON; whoever receives such a buffer frees
//! it with `wasm_free(ptr, 4 + L)`.

use std::alloc::{self, Layout};

/// Alignment of every block handed out by `wasm_alloc`. `wasm_free` must
/// rebuild the exact same layout, so it is fixed rather than derived.
const ALLOC_ALIGN: usize = 8;

/// Length of the little-endian `u32` prefix of a result buffer.
const LEN_PREFIX: usize = 4;

pub const LOG_DEBUG: i32 = 0;
pub const LOG_INFO: i32 = 1;
pub const LOG_WARN: i32 = 2;
pub const LOG_ERROR: i32 = 3;

pub const OP_QUERY: i32 = 0;
pub const OP_ACTION: i32 = 1;

/// Raw host imports. Signatures must match the host exactly (wasm types:
/// pointers and lengths are `i32`, counters `i64`, progress `f32`).
mod host {
    #[link(wasm_import_module = "spacedrive")]
    extern "C" {
        pub fn spacedrive_call(
            method_ptr: i32,
            method_len: i32,
            library_id_ptr: i32,
            payload_ptr: i32,
            payload_len: i32,
        ) -> i32;
        pub fn spacedrive_log(level: i32, ptr: i32, len: i32);
        pub fn register_job(
            name_ptr: i32,
            name_len: i32,
            export_ptr: i32,
            export_len: i32,
            resumable: i32,
        ) -> i32;
        pub fn register_operation(
            name_ptr: i32,
            name_len: i32,
            export_ptr: i32,
            export_len: i32,
            kind: i32,
        ) -> i32;
        pub fn job_report_progress(job_id_ptr: i32, progress: f32, msg_ptr: i32, msg_len: i32);
        pub fn job_checkpoint(job_id_ptr: i32, state_ptr: i32, state_len: i32) -> i32;
        pub fn job_check_interrupt(job_id_ptr: i32) -> i32;
        pub fn job_add_warning(job_id_ptr: i32, msg_ptr: i32, msg_len: i32);
        pub fn job_increment_items(job_id_ptr: i32, n: i64);
        pub fn job_increment_bytes(job_id_ptr: i32, n: i64);
    }
}

// ---------------------------------------------------------------------------
// Allocator exports
// ---------------------------------------------------------------------------

fn layout_for(size: i32) -> Option<Layout> {
    if size <= 0 {
        return None;
    }
    Layout::from_size_align(size as usize, ALLOC_ALIGN).ok()
}

/// Allocates `size` bytes (8-byte aligned) for the host. Returns 0 when
/// `size <= 0` or the allocation fails.
#[no_mangle]
pub extern "C" fn wasm_alloc(size: i32) -> i32 {
    match layout_for(size) {
        // SAFETY: the layout has a non-zero size.
        Some(layout) => unsafe { alloc::alloc(layout) as usize as i32 },
        None => 0,
    }
}

/// Frees a block returned by `wasm_alloc`; `size` must be the size that was
/// requested. A null pointer or non-positive size is ignored.
#[no_mangle]
pub extern "C" fn wasm_free(ptr: i32, size: i32) {
    if ptr == 0 {
        return;
    }
    if let Some(layout) = layout_for(size) {
        // SAFETY: the ABI contract is that `ptr` came from `wasm_alloc(size)`,
        // which used exactly this layout.
        unsafe { alloc::dealloc(ptr as usize as *mut u8, layout) }
    }
}

// ---------------------------------------------------------------------------
// Buffers
// ---------------------------------------------------------------------------

fn ptr_of(bytes: &[u8]) -> i32 {
    bytes.as_ptr() as usize as i32
}

fn len_of(bytes: &[u8]) -> i32 {
    bytes.len() as i32
}

/// Borrows `len` bytes the host placed at `ptr` (an export argument).
/// An empty slice is returned for a null pointer or non-positive length.
///
/// The host owns these buffers and keeps them alive for the duration of the
/// export call, so the slice must not outlive that call.
pub fn input<'a>(ptr: i32, len: i32) -> &'a [u8] {
    if ptr == 0 || len <= 0 {
        return &[];
    }
    // SAFETY: the host guarantees `ptr..ptr+len` is initialised guest memory
    // that stays valid until the export returns.
    unsafe { std::slice::from_raw_parts(ptr as usize as *const u8, len as usize) }
}

/// Reads a length-prefixed result buffer produced by the host, copies its
/// JSON out and frees the buffer with `wasm_free(ptr, 4 + L)`.
fn take_result(ptr: i32) -> String {
    // SAFETY: a non-zero result pointer is a block the host obtained from our
    // `wasm_alloc(4 + L)` and filled with the prefix and `L` bytes.
    let (json, total) = unsafe {
        let base = ptr as usize as *const u8;
        let mut prefix = [0u8; LEN_PREFIX];
        std::ptr::copy_nonoverlapping(base, prefix.as_mut_ptr(), LEN_PREFIX);
        let len = u32::from_le_bytes(prefix) as usize;
        let body = std::slice::from_raw_parts(base.add(LEN_PREFIX), len);
        (String::from_utf8_lossy(body).into_owned(), LEN_PREFIX + len)
    };
    wasm_free(ptr, total as i32);
    json
}

/// Builds a result buffer (`u32` LE length + JSON) allocated with our own
/// `wasm_alloc`; ownership passes to the host, which frees it. Returns 0 if
/// the buffer cannot be allocated.
pub fn result_buffer(json: &str) -> i32 {
    let body = json.as_bytes();
    let total = LEN_PREFIX + body.len();
    if total > i32::MAX as usize {
        return 0;
    }
    let ptr = wasm_alloc(total as i32);
    if ptr == 0 {
        return 0;
    }
    // SAFETY: `ptr` is a fresh block of `total` bytes.
    unsafe {
        let base = ptr as usize as *mut u8;
        let prefix = (body.len() as u32).to_le_bytes();
        std::ptr::copy_nonoverlapping(prefix.as_ptr(), base, LEN_PREFIX);
        std::ptr::copy_nonoverlapping(body.as_ptr(), base.add(LEN_PREFIX), body.len());
    }
    ptr
}

// ---------------------------------------------------------------------------
// Safe wrappers around the imports
// ---------------------------------------------------------------------------

pub fn log(level: i32, message: &str) {
    let bytes = message.as_bytes();
    unsafe { host::spacedrive_log(level, ptr_of(bytes), len_of(bytes)) }
}

/// Calls a host method. `library` is the raw 16-byte library UUID, if any.
/// Returns the host's raw result JSON (`{"ok":...}` or `{"error":...}`), or
/// `None` when the host could not produce a result buffer.
pub fn call(method: &str, library: Option<&[u8; 16]>, payload: &str) -> Option<String> {
    let method = method.as_bytes();
    let payload = payload.as_bytes();
    let library_ptr = match library {
        Some(id) => ptr_of(id),
        None => 0,
    };
    let ptr = unsafe {
        host::spacedrive_call(
            ptr_of(method),
            len_of(method),
            library_ptr,
            ptr_of(payload),
            len_of(payload),
        )
    };
    if ptr == 0 {
        None
    } else {
        Some(take_result(ptr))
    }
}

/// Registers operation `<extension id>.<name>` served by guest export `export`.
pub fn register_operation(name: &str, export: &str, kind: i32) -> i32 {
    let (name, export) = (name.as_bytes(), export.as_bytes());
    unsafe {
        host::register_operation(
            ptr_of(name),
            len_of(name),
            ptr_of(export),
            len_of(export),
            kind,
        )
    }
}

/// Registers job `name` served by guest export `export`.
pub fn register_job(name: &str, export: &str, resumable: bool) -> i32 {
    let (name, export) = (name.as_bytes(), export.as_bytes());
    unsafe {
        host::register_job(
            ptr_of(name),
            len_of(name),
            ptr_of(export),
            len_of(export),
            resumable as i32,
        )
    }
}

/// Handle for the job_* imports: the job UUID as 16 raw bytes kept in guest
/// memory, whose address is what the host expects as `job_id_ptr`.
pub struct Job {
    id: [u8; 16],
}

impl Job {
    pub fn new(id: [u8; 16]) -> Job {
        Job { id }
    }

    fn id_ptr(&self) -> i32 {
        ptr_of(&self.id)
    }

    pub fn report_progress(&self, progress: f32, message: &str) {
        let msg = message.as_bytes();
        unsafe { host::job_report_progress(self.id_ptr(), progress, ptr_of(msg), len_of(msg)) }
    }

    /// Saves `state` (JSON) as the job's resume point; `true` on success.
    pub fn checkpoint(&self, state: &str) -> bool {
        let state = state.as_bytes();
        unsafe { host::job_checkpoint(self.id_ptr(), ptr_of(state), len_of(state)) == 0 }
    }

    /// `true` when the host asks the job to pause or cancel.
    pub fn interrupt_requested(&self) -> bool {
        unsafe { host::job_check_interrupt(self.id_ptr()) != 0 }
    }

    pub fn add_warning(&self, message: &str) {
        let msg = message.as_bytes();
        unsafe { host::job_add_warning(self.id_ptr(), ptr_of(msg), len_of(msg)) }
    }

    pub fn increment_items(&self, n: i64) {
        unsafe { host::job_increment_items(self.id_ptr(), n) }
    }

    #[allow(dead_code)] // part of the ABI; the counter job counts items only
    pub fn increment_bytes(&self, n: i64) {
        unsafe { host::job_increment_bytes(self.id_ptr(), n) }
    }
}
