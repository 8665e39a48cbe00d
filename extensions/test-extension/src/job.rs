//! The resumable `counter` job: counts from `current` up to `target`,
//! reporting progress and checkpointing its state as it goes.

use crate::abi::{self, Job, LOG_ERROR, LOG_WARN};
use crate::json;

const COMPLETED: i32 = 0;
const INTERRUPTED: i32 = 1;
const FAILED: i32 = 2;

const DEFAULT_TARGET: u64 = 100;

/// Checkpoint every this many counted items.
const CHECKPOINT_EVERY: u64 = 10;

/// Job state, serialized as `{"current":N,"target":T,"processed":P}`.
struct CounterState {
    current: u64,
    target: u64,
    processed: u64,
}

impl CounterState {
    fn default_state() -> CounterState {
        CounterState {
            current: 0,
            target: DEFAULT_TARGET,
            processed: 0,
        }
    }

    /// Parses the state; a missing member takes its default value, a member
    /// that is not a non-negative integer is an error.
    fn parse(state: &str) -> Result<CounterState, String> {
        let mut parsed = CounterState::default_state();
        let fields = [
            ("current", &mut parsed.current),
            ("target", &mut parsed.target),
            ("processed", &mut parsed.processed),
        ];
        for (key, slot) in fields {
            if let Some(raw) = json::member(state, key) {
                *slot = json::parse_u64(raw)
                    .ok_or_else(|| format!("counter state: `{}` is not a non-negative integer: {}", key, raw))?;
            }
        }
        Ok(parsed)
    }

    fn to_json(&self) -> String {
        format!(
            "{{\"current\":{},\"target\":{},\"processed\":{}}}",
            self.current, self.target, self.processed
        )
    }

    fn checkpoint(&self, job: &Job) -> bool {
        let ok = job.checkpoint(&self.to_json());
        if !ok {
            job.add_warning(&format!("checkpoint at {} of {} failed", self.current, self.target));
        }
        ok
    }
}

/// `execute_counter(ctx_ptr, ctx_len, state_ptr, state_len)`: ctx is
/// `{"job_id":"<uuid>","library_id":...}`, state the job state JSON (empty
/// for a fresh job). Returns 0 completed, 1 interrupted, 2 failed.
#[no_mangle]
pub extern "C" fn execute_counter(ctx_ptr: i32, ctx_len: i32, state_ptr: i32, state_len: i32) -> i32 {
    let ctx = String::from_utf8_lossy(abi::input(ctx_ptr, ctx_len));
    let job_id = match json::member(&ctx, "job_id")
        .and_then(json::parse_string)
        .and_then(|s| json::parse_uuid(&s))
    {
        Some(id) => id,
        None => {
            abi::log(LOG_ERROR, &format!("counter: no valid job_id in context {}", ctx));
            return FAILED;
        }
    };
    // The job_* imports take a pointer to these 16 bytes; `job` keeps them
    // alive in linear memory for the whole run.
    let job = Job::new(job_id);

    let state = abi::input(state_ptr, state_len);
    let mut state = if state.is_empty() {
        CounterState::default_state()
    } else {
        match CounterState::parse(&String::from_utf8_lossy(state)) {
            Ok(s) => s,
            Err(e) => {
                abi::log(LOG_ERROR, &e);
                return FAILED;
            }
        }
    };

    while state.current < state.target {
        if job.interrupt_requested() {
            // Save exactly what has been counted so a resume continues here.
            if !state.checkpoint(&job) {
                abi::log(LOG_WARN, "counter: checkpoint on interrupt failed");
            }
            return INTERRUPTED;
        }
        state.current += 1;
        state.processed += 1;
        job.increment_items(1);
        job.report_progress(
            state.current as f32 / state.target as f32,
            &format!("Counted {} of {}", state.current, state.target),
        );
        if state.current % CHECKPOINT_EVERY == 0 {
            state.checkpoint(&job); // a failure is already a job warning
        }
    }

    state.checkpoint(&job);
    COMPLETED
}
