//! The guest ABI (`../shared/ABI.md`): the `spacedrive` host imports, the
//! allocator exports the host relies on, and safe wrappers around both.
//! This is the only module of the SDK with `unsafe` code.
//!
//! Buffers that carry a result (host call results and operation results) are
//! a little-endian `u32` length `L` followed by `L` bytes of UTF-8 JSON; the
//! receiver frees them with `wasm_free(ptr, 4 + L)`.

use std::alloc::{self, Layout};

use crate::Uuid;

/// Alignment of every block from `wasm_alloc`; `wasm_free` rebuilds the same layout.
const ALLOC_ALIGN: usize = 8;
const LEN_PREFIX: usize = 4;

#[cfg(target_arch = "wasm32")]
mod host {
    #[link(wasm_import_module = "spacedrive")]
    extern "C" {
        pub fn spacedrive_call(method_ptr: i32, method_len: i32, library_id_ptr: i32, payload_ptr: i32, payload_len: i32) -> i32;
        pub fn spacedrive_log(level: i32, ptr: i32, len: i32);
        pub fn register_job(name_ptr: i32, name_len: i32, export_ptr: i32, export_len: i32, resumable: i32) -> i32;
        pub fn register_operation(name_ptr: i32, name_len: i32, export_ptr: i32, export_len: i32, kind: i32) -> i32;
        pub fn job_report_progress(job_id_ptr: i32, progress: f32, msg_ptr: i32, msg_len: i32);
        pub fn job_checkpoint(job_id_ptr: i32, state_ptr: i32, state_len: i32) -> i32;
        pub fn job_check_interrupt(job_id_ptr: i32) -> i32;
        pub fn job_add_warning(job_id_ptr: i32, msg_ptr: i32, msg_len: i32);
        pub fn job_increment_items(job_id_ptr: i32, n: i64);
        pub fn job_increment_bytes(job_id_ptr: i32, n: i64);
        pub fn job_task_start(job_id_ptr: i32, name_ptr: i32, name_len: i32, attempt: i32, retries: i32, timeout_ms: i64) -> i32;
        pub fn job_task_end(job_id_ptr: i32);
    }
}

/// Outside WebAssembly (unit tests of the SDK and of extensions) there is no
/// host: calls answer nothing, registrations fail, logs go to stderr.
#[cfg(not(target_arch = "wasm32"))]
#[allow(clippy::missing_safety_doc)]
mod host {
    pub unsafe fn spacedrive_call(_: i32, _: i32, _: i32, _: i32, _: i32) -> i32 { 0 }
    pub unsafe fn spacedrive_log(level: i32, ptr: i32, len: i32) {
        let _ = (level, ptr, len);
    }
    pub unsafe fn register_job(_: i32, _: i32, _: i32, _: i32, _: i32) -> i32 { 1 }
    pub unsafe fn register_operation(_: i32, _: i32, _: i32, _: i32, _: i32) -> i32 { 1 }
    pub unsafe fn job_report_progress(_: i32, _: f32, _: i32, _: i32) {}
    pub unsafe fn job_checkpoint(_: i32, _: i32, _: i32) -> i32 { 1 }
    pub unsafe fn job_check_interrupt(_: i32) -> i32 { 0 }
    pub unsafe fn job_add_warning(_: i32, _: i32, _: i32) {}
    pub unsafe fn job_increment_items(_: i32, _: i64) {}
    pub unsafe fn job_increment_bytes(_: i32, _: i64) {}
    pub unsafe fn job_task_start(_: i32, _: i32, _: i32, attempt: i32, _: i32, _: i64) -> i32 { attempt }
    pub unsafe fn job_task_end(_: i32) {}
}

fn layout_for(size: i32) -> Option<Layout> {
    if size <= 0 {
        return None;
    }
    Layout::from_size_align(size as usize, ALLOC_ALIGN).ok()
}

/// Allocates `size` bytes for the host; 0 when `size <= 0` or out of memory.
#[no_mangle]
pub extern "C" fn wasm_alloc(size: i32) -> i32 {
    match layout_for(size) {
        // SAFETY: the layout has a non-zero size.
        Some(layout) => unsafe { alloc::alloc(layout) as usize as i32 },
        None => 0,
    }
}

/// Frees a block from `wasm_alloc`; `size` must be the size it was allocated with.
#[no_mangle]
pub extern "C" fn wasm_free(ptr: i32, size: i32) {
    if ptr == 0 {
        return;
    }
    if let Some(layout) = layout_for(size) {
        // SAFETY: the host hands back blocks from wasm_alloc with their size.
        unsafe { alloc::dealloc(ptr as usize as *mut u8, layout) }
    }
}

fn ptr_of(bytes: &[u8]) -> i32 {
    bytes.as_ptr() as usize as i32
}

fn len_of(bytes: &[u8]) -> i32 {
    bytes.len() as i32
}

/// Reads a host-owned input buffer (an operation's input, a job's context or
/// state), which stays valid for the duration of the export call.
pub(crate) fn input<'a>(ptr: i32, len: i32) -> &'a [u8] {
    if ptr == 0 || len <= 0 {
        return &[];
    }
    // SAFETY: the host passes a pointer/length pair into our own memory that
    // it wrote and keeps alive until the export returns.
    unsafe { std::slice::from_raw_parts(ptr as usize as *const u8, len as usize) }
}

/// Takes ownership of a result buffer (`u32` length + bytes) and frees it.
fn take_result(ptr: i32) -> Vec<u8> {
    // SAFETY: `ptr` came from wasm_alloc (via the host) with at least
    // LEN_PREFIX + L bytes, L being the little-endian prefix.
    unsafe {
        let base = ptr as usize as *const u8;
        let mut len = [0u8; LEN_PREFIX];
        std::ptr::copy_nonoverlapping(base, len.as_mut_ptr(), LEN_PREFIX);
        let len = u32::from_le_bytes(len) as usize;
        let bytes = std::slice::from_raw_parts(base.add(LEN_PREFIX), len).to_vec();
        wasm_free(ptr, (LEN_PREFIX + len) as i32);
        bytes
    }
}

/// Copies `bytes` into a fresh result buffer the host will free; 0 when out of memory.
pub(crate) fn result_buffer(bytes: &[u8]) -> i32 {
    let total = LEN_PREFIX + bytes.len();
    let ptr = wasm_alloc(total as i32);
    if ptr == 0 {
        return 0;
    }
    // SAFETY: wasm_alloc returned `total` writable bytes at `ptr`.
    unsafe {
        let base = ptr as usize as *mut u8;
        std::ptr::copy_nonoverlapping((bytes.len() as u32).to_le_bytes().as_ptr(), base, LEN_PREFIX);
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), base.add(LEN_PREFIX), bytes.len());
    }
    ptr
}

/// `spacedrive_call`; `None` when the host could write no result.
pub(crate) fn call(method: &str, library: Option<&Uuid>, payload: &[u8]) -> Option<Vec<u8>> {
    let library_bytes = library.map(|u| *u.as_bytes());
    let library_ptr = library_bytes.as_ref().map(|b| ptr_of(b)).unwrap_or(0);
    // SAFETY: every pointer/length pair names live memory of ours.
    let result = unsafe {
        host::spacedrive_call(ptr_of(method.as_bytes()), len_of(method.as_bytes()), library_ptr, ptr_of(payload), len_of(payload))
    };
    if result == 0 {
        None
    } else {
        Some(take_result(result))
    }
}

pub(crate) fn log(level: i32, message: &str) {
    // SAFETY: pointer and length of a live string.
    unsafe { host::spacedrive_log(level, ptr_of(message.as_bytes()), len_of(message.as_bytes())) }
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("[{}] {}", level, message);
}

pub(crate) fn register_job(name: &str, export: &str, resumable: bool) -> i32 {
    // SAFETY: pointers and lengths of live strings.
    unsafe {
        host::register_job(ptr_of(name.as_bytes()), len_of(name.as_bytes()), ptr_of(export.as_bytes()), len_of(export.as_bytes()), resumable as i32)
    }
}

pub(crate) fn register_operation(name: &str, export: &str, kind: i32) -> i32 {
    // SAFETY: pointers and lengths of live strings.
    unsafe {
        host::register_operation(ptr_of(name.as_bytes()), len_of(name.as_bytes()), ptr_of(export.as_bytes()), len_of(export.as_bytes()), kind)
    }
}

/// The job_* imports, for the job whose 16 id bytes `id` holds.
#[derive(Clone)]
pub(crate) struct JobHandle {
    id: [u8; 16],
}

impl JobHandle {
    pub(crate) fn new(id: [u8; 16]) -> JobHandle {
        JobHandle { id }
    }

    fn id_ptr(&self) -> i32 {
        ptr_of(&self.id)
    }

    pub(crate) fn report_progress(&self, progress: f32, message: &str) {
        // SAFETY: live pointers.
        unsafe { host::job_report_progress(self.id_ptr(), progress, ptr_of(message.as_bytes()), len_of(message.as_bytes())) }
    }

    pub(crate) fn checkpoint(&self, state: &[u8]) -> bool {
        // SAFETY: live pointers.
        unsafe { host::job_checkpoint(self.id_ptr(), ptr_of(state), len_of(state)) == 0 }
    }

    pub(crate) fn interrupt_requested(&self) -> bool {
        // SAFETY: live pointer.
        unsafe { host::job_check_interrupt(self.id_ptr()) != 0 }
    }

    pub(crate) fn add_warning(&self, message: &str) {
        // SAFETY: live pointers.
        unsafe { host::job_add_warning(self.id_ptr(), ptr_of(message.as_bytes()), len_of(message.as_bytes())) }
    }

    pub(crate) fn increment_items(&self, n: u64) {
        // SAFETY: live pointer.
        unsafe { host::job_increment_items(self.id_ptr(), n as i64) }
    }

    pub(crate) fn increment_bytes(&self, n: u64) {
        // SAFETY: live pointer.
        unsafe { host::job_increment_bytes(self.id_ptr(), n as i64) }
    }

    /// An attempt of a task with a timeout starts: the host stops the guest past
    /// `timeout_ms`. Returns the attempt to run, which is later than `attempt`
    /// when earlier attempts of this task ran past the timeout (the job was run
    /// again from its last checkpoint).
    pub(crate) fn task_start(&self, name: &str, attempt: u32, retries: u32, timeout_ms: u64) -> u32 {
        let clamp = |n: u64| n.min(i32::MAX as u64) as i32;
        // SAFETY: live pointers.
        let r = unsafe {
            host::job_task_start(self.id_ptr(), ptr_of(name.as_bytes()), len_of(name.as_bytes()), clamp(attempt as u64),
                clamp(retries as u64), timeout_ms.min(i64::MAX as u64) as i64)
        };
        if r < 0 { attempt } else { (r as u32).max(attempt) }
    }

    /// The attempt that started last ended in time.
    pub(crate) fn task_end(&self) {
        // SAFETY: live pointer.
        unsafe { host::job_task_end(self.id_ptr()) }
    }
}
