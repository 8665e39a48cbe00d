//! What extension code is handed: a [`Context`] in operations and `init`, a
//! [`JobContext`] in jobs, a [`TaskContext`] in tasks. Each reaches the host
//! through the one generic call, `spacedrive_call`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::abi::{self, JobHandle};
use crate::ai::{AiClient, ModelsClient};
use crate::vdfs::VdfsClient;
use crate::{Error, ErrorCode, Result, Uuid};

/// Log levels of `spacedrive_log`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Debug = 0,
    Info = 1,
    Warn = 2,
    Error = 3,
}

/// Logs through the host, as `vdfs.extension.<id>`.
pub fn log(level: Level, message: &str) {
    abi::log(level as i32, message);
}

/// Calls operation `method` with `input` (serialised to JSON) in `library`
/// (`None`: the default library) and decodes its result. A host error comes
/// back as an [`Error`] with the host's code and message.
pub fn call<I: Serialize + ?Sized, O: DeserializeOwned>(method: &str, library: Option<&Uuid>, input: &I) -> Result<O> {
    let value = call_value(method, library, &serde_json::to_value(input)?)?;
    serde_json::from_value(value).map_err(|e| Error::invalid(format!("unexpected answer from {}: {}", method, e)))
}

/// Like [`call`], with JSON in and out.
pub fn call_value(method: &str, library: Option<&Uuid>, input: &Value) -> Result<Value> {
    let payload = serde_json::to_vec(input)?;
    let raw = abi::call(method, library, &payload)
        .ok_or_else(|| Error::with_code(ErrorCode::NoResult, format!("spacedrive_call({}) returned no result", method)))?;
    let envelope: Value = serde_json::from_slice(&raw)
        .map_err(|e| Error::invalid(format!("unreadable answer from {}: {}", method, e)))?;
    if let Some(error) = envelope.get("error") {
        let code = error.get("code").and_then(Value::as_str).unwrap_or("internal");
        let message = error.get("message").and_then(Value::as_str).unwrap_or("");
        return Err(Error::new(code, message));
    }
    match envelope {
        Value::Object(mut map) if map.contains_key("ok") => Ok(map.remove("ok").unwrap_or(Value::Null)),
        other => Err(Error::invalid(format!("answer from {} is neither ok nor error: {}", method, other))),
    }
}

/// The context of `init`, of queries and of actions: host calls in a library
/// (`None`: the default library).
#[derive(Clone, Debug, Default)]
pub struct Context {
    library: Option<Uuid>,
}

pub type ExtensionContext = Context;
pub type QueryContext = Context;
pub type ActionContext = Context;

impl Context {
    pub fn new(library: Option<Uuid>) -> Context {
        Context { library }
    }

    /// The same context, in another library.
    pub fn in_library(&self, library: Uuid) -> Context {
        Context { library: Some(library) }
    }

    pub fn library_id(&self) -> Option<Uuid> {
        self.library
    }

    pub fn vdfs(&self) -> VdfsClient {
        VdfsClient::new(self.library)
    }

    pub fn ai(&self) -> AiClient {
        AiClient::new(self.library)
    }

    pub fn models(&self) -> ModelsClient {
        ModelsClient::new(self.library)
    }

    pub fn call<I: Serialize + ?Sized, O: DeserializeOwned>(&self, method: &str, input: &I) -> Result<O> {
        call(method, self.library.as_ref(), input)
    }

    pub fn log(&self, message: &str) {
        log(Level::Info, message)
    }

    pub fn log_level(&self, level: Level, message: &str) {
        log(level, message)
    }
}

/// A running job: its progress, counters, warnings and checkpoints, and host
/// calls in the job's library.
#[derive(Clone)]
pub struct JobContext {
    handle: JobHandle,
    job_id: Uuid,
    library: Option<Uuid>,
    name: &'static str,
}

impl JobContext {
    pub(crate) fn new(job_id: Uuid, library: Option<Uuid>, name: &'static str) -> JobContext {
        JobContext { handle: JobHandle::new(*job_id.as_bytes()), job_id, library, name }
    }

    pub fn job_id(&self) -> Uuid {
        self.job_id
    }

    pub fn library_id(&self) -> Option<Uuid> {
        self.library
    }

    /// The job's name as registered (without the extension id).
    pub fn job_name(&self) -> &str {
        self.name
    }

    pub fn log(&self, message: &str) {
        log(Level::Info, message)
    }

    pub fn log_level(&self, level: Level, message: &str) {
        log(level, message)
    }

    /// `progress` in 0..1 with a message; the host keeps the latest.
    pub fn report_progress(&self, progress: f32, message: &str) {
        self.handle.report_progress(progress, message)
    }

    /// Stores `state` durably; a resumed job starts from the last one.
    pub fn checkpoint<S: Serialize + ?Sized>(&self, state: &S) -> Result<()> {
        let bytes = serde_json::to_vec(state)?;
        if self.handle.checkpoint(&bytes) {
            Ok(())
        } else {
            Err(Error::with_code(ErrorCode::Internal, "the host could not store the checkpoint"))
        }
    }

    /// `Err(interrupted)` once the job was asked to pause or cancel: return it
    /// (with `?`) and the SDK checkpoints the job's state and reports "interrupted".
    pub fn check_interrupt(&self) -> Result<()> {
        if self.handle.interrupt_requested() {
            Err(Error::interrupted())
        } else {
            Ok(())
        }
    }

    pub fn increment_items(&self, n: u64) {
        self.handle.increment_items(n)
    }

    pub fn increment_bytes(&self, n: u64) {
        self.handle.increment_bytes(n)
    }

    /// A non-fatal problem, kept with the job.
    pub fn add_warning(&self, message: &str) {
        self.handle.add_warning(message)
    }

    pub fn vdfs(&self) -> VdfsClient {
        VdfsClient::new(self.library)
    }

    pub fn ai(&self) -> AiClient {
        AiClient::new(self.library)
    }

    pub fn models(&self) -> ModelsClient {
        ModelsClient::new(self.library)
    }

    pub fn call<I: Serialize + ?Sized, O: DeserializeOwned>(&self, method: &str, input: &I) -> Result<O> {
        call(method, self.library.as_ref(), input)
    }

    /// Runs a `#[task]`: up to `retries` more attempts after a failure, each
    /// failed attempt a job warning; the last failure is returned. An
    /// interrupt is returned at once, never retried.
    ///
    /// With `timeout_ms`, the host stops an attempt that runs longer (the guest
    /// has no clock of its own). A stopped guest cannot go on, so the host runs
    /// the job again from its last checkpoint, and when the job reaches this
    /// task again it gets the next attempt; past `retries` the job fails, its
    /// error naming the task and its timeout. Failures that return an error
    /// are retried here, in place.
    pub async fn run<T: Task<A>, A: Clone>(&self, task: T, args: A) -> Result<T::Output> {
        let mut attempt = 0;
        loop {
            if T::TIMEOUT_MS > 0 {
                attempt = self.handle.task_start(T::NAME, attempt, T::RETRIES, T::TIMEOUT_MS);
            }
            let ctx = TaskContext { job: self.clone(), attempt };
            let result = task.call(&ctx, args.clone());
            if T::TIMEOUT_MS > 0 {
                self.handle.task_end();
            }
            match result {
                Ok(value) => return Ok(value),
                Err(e) if e.is_interrupted() => return Err(e),
                Err(e) => {
                    self.add_warning(&format!("task {} attempt {} of {} failed: {}", T::NAME, attempt + 1, T::RETRIES + 1, e));
                    if attempt >= T::RETRIES {
                        return Err(e);
                    }
                    attempt += 1;
                }
            }
        }
    }
}

/// The context of one attempt of a task; derefs to its job's context.
pub struct TaskContext {
    job: JobContext,
    attempt: u32,
}

impl TaskContext {
    /// 0 for the first attempt.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    pub fn job(&self) -> &JobContext {
        &self.job
    }
}

impl std::ops::Deref for TaskContext {
    type Target = JobContext;
    fn deref(&self) -> &JobContext {
        &self.job
    }
}

/// A unit of work with retries, made by `#[task(retries, timeout_ms)]` from
/// an `fn(ctx: &TaskContext, args…)`; run it with [`JobContext::run`].
pub trait Task<Args> {
    type Output;
    const NAME: &'static str;
    const RETRIES: u32;
    /// Limit of one attempt in milliseconds, 0 for none. Enforced by the host
    /// (see [`JobContext::run`]): a guest has neither a clock nor preemption.
    const TIMEOUT_MS: u64;
    fn call(&self, ctx: &TaskContext, args: Args) -> Result<Self::Output>;
}

thread_local! {
    /// The library of the job or call that is running (the guest is single-threaded).
    static CURRENT_LIBRARY: std::cell::Cell<Option<Uuid>> = std::cell::Cell::new(None);
}

pub(crate) fn set_current_library(library: Option<Uuid>) {
    CURRENT_LIBRARY.with(|c| c.set(library));
}

pub(crate) fn current_library() -> Option<Uuid> {
    CURRENT_LIBRARY.with(|c| c.get())
}
