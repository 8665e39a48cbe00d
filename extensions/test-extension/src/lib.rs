//! Test extension for the VDFS WebAssembly extension host, written against
//! the raw guest ABI (no SDK). It exercises logging, `spacedrive_call`,
//! exported operations (including one that never returns) and a resumable
//! counter job. See README.md.

mod abi;
mod job;
mod json;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use abi::{LOG_DEBUG, LOG_ERROR, LOG_INFO, OP_ACTION, OP_QUERY};

const VERSION: &str = "0.1.0";

/// Longest host result echoed into the log by `plugin_init`, in bytes.
const LOG_PREVIEW: usize = 200;

// The manifest is embedded as the custom section `spacedrive.manifest`, read
// by the host before instantiating the module. `#[used]` keeps it from being
// discarded even though nothing in the code references it.
const MANIFEST_LEN: usize = include_bytes!("../manifest.json").len();
#[used]
#[link_section = "spacedrive.manifest"]
pub static MANIFEST: [u8; MANIFEST_LEN] = *include_bytes!("../manifest.json");

/// What `plugin_init` saw, reported back by `op_init_report`.
struct InitResults {
    /// Raw result JSON of `core.ping` (`null` if the host returned nothing).
    ping: String,
    /// Raw result JSON of `extensions.list` (`null` if the host returned nothing).
    list: String,
}

static INIT_RESULTS: Mutex<Option<InitResults>> = Mutex::new(None);
static INIT_COUNT: AtomicU32 = AtomicU32::new(0);

/// Truncates `s` to at most `max` bytes on a character boundary.
fn preview(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// True when `result` is a host `{"ok": ...}` envelope.
fn is_ok(result: &str) -> bool {
    json::member(result, "ok").is_some()
}

/// Calls a host method during init and logs the raw result; a missing result
/// is recorded as JSON `null`.
fn init_call(method: &str, payload: &str) -> String {
    let result = abi::call(method, None, payload).unwrap_or_else(|| String::from("null"));
    abi::log(
        LOG_INFO,
        &format!("{} -> {}", method, preview(&result, LOG_PREVIEW)),
    );
    result
}

#[no_mangle]
pub extern "C" fn plugin_init() -> i32 {
    INIT_COUNT.fetch_add(1, Ordering::Relaxed);
    abi::log(LOG_INFO, &format!("Test Extension v{} initializing", VERSION));

    let ping = init_call("core.ping", "{\"from\":\"test-extension\"}");
    let list = init_call("extensions.list", "{}");
    let ping_ok = is_ok(&ping);
    *INIT_RESULTS.lock().unwrap() = Some(InitResults { ping, list });
    if !ping_ok {
        abi::log(LOG_ERROR, "core.ping did not return an ok result");
        return 1;
    }

    let operations = [
        ("echo", "op_echo", OP_QUERY),
        ("init_report", "op_init_report", OP_QUERY),
        ("call", "op_call", OP_ACTION),
        ("spin", "op_spin", OP_QUERY),
    ];
    for (name, export, kind) in operations {
        let rc = abi::register_operation(name, export, kind);
        if rc != 0 {
            abi::log(
                LOG_ERROR,
                &format!("register_operation({}) failed with {}", name, rc),
            );
            return 1;
        }
        abi::log(LOG_DEBUG, &format!("registered operation {} -> {}", name, export));
    }
    let rc = abi::register_job("counter", "execute_counter", true);
    if rc != 0 {
        abi::log(LOG_ERROR, &format!("register_job(counter) failed with {}", rc));
        return 1;
    }

    abi::log(LOG_INFO, &format!("Test Extension v{} initialized", VERSION));
    0
}

#[no_mangle]
pub extern "C" fn plugin_cleanup() {
    abi::log(LOG_INFO, "Test Extension cleaning up");
}

// ---------------------------------------------------------------------------
// Operations: `(in_ptr, in_len) -> result buffer`
// ---------------------------------------------------------------------------

/// Returns `{"ok": <input verbatim>}` (`{"ok":null}` for empty input).
#[no_mangle]
pub extern "C" fn op_echo(in_ptr: i32, in_len: i32) -> i32 {
    let input = String::from_utf8_lossy(abi::input(in_ptr, in_len));
    let value = if input.trim().is_empty() { "null" } else { &input };
    abi::result_buffer(&json::ok(value))
}

/// Returns what `plugin_init` saw plus how many times it ran.
#[no_mangle]
pub extern "C" fn op_init_report(_in_ptr: i32, _in_len: i32) -> i32 {
    let guard = INIT_RESULTS.lock().unwrap();
    let (ping, list) = match guard.as_ref() {
        Some(r) => (r.ping.as_str(), r.list.as_str()),
        None => ("null", "null"),
    };
    let report = format!(
        "{{\"ping\":{},\"list\":{},\"init_count\":{}}}",
        ping,
        list,
        INIT_COUNT.load(Ordering::Relaxed)
    );
    abi::result_buffer(&json::ok(&report))
}

/// Input `{"method": "...", "payload": <json>, "library_id": "<uuid>"?}`;
/// forwards the call to the host and returns `{"ok": <raw host result>}`.
#[no_mangle]
pub extern "C" fn op_call(in_ptr: i32, in_len: i32) -> i32 {
    let input = String::from_utf8_lossy(abi::input(in_ptr, in_len));
    abi::result_buffer(&call_from_input(&input))
}

fn call_from_input(input: &str) -> String {
    let method = match json::member(input, "method").and_then(json::parse_string) {
        Some(m) => m,
        None => {
            return json::error(
                "invalid_payload",
                "op_call needs {\"method\":...,\"payload\":...}",
            )
        }
    };
    // A missing payload is sent as an empty object.
    let payload = json::member(input, "payload").unwrap_or("{}");
    let library = match json::member(input, "library_id") {
        None | Some("null") => None,
        Some(raw) => match json::parse_string(raw).and_then(|s| json::parse_uuid(&s)) {
            Some(id) => Some(id),
            None => {
                return json::error("invalid_payload", "library_id must be a UUID string")
            }
        },
    };
    match abi::call(&method, library.as_ref(), payload) {
        Some(result) => json::ok(&result),
        None => json::error(
            "no_result",
            &format!("spacedrive_call({}) returned no result", method),
        ),
    }
}

/// Target of `op_spin`'s busy loop; only ever accessed with volatile
/// operations.
static mut SPIN_COUNTER: u32 = 0;

/// Never returns: lets the host test that runaway operations are interrupted
/// at their deadline. The volatile read/write of a static is an observable
/// side effect, so the compiler can neither remove nor collapse the loop.
#[no_mangle]
pub extern "C" fn op_spin(_in_ptr: i32, _in_len: i32) -> i32 {
    loop {
        // SAFETY: the module is single-threaded and SPIN_COUNTER is only
        // touched here, through a raw pointer (no references are created).
        unsafe {
            let counter = std::ptr::addr_of_mut!(SPIN_COUNTER);
            std::ptr::write_volatile(counter, std::ptr::read_volatile(counter).wrapping_add(1));
        }
    }
}
