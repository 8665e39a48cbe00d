//! The Rust SDK for VDFS WebAssembly extensions.
//!
//! ```ignore
//! use spacedrive_sdk::prelude::*;
//!
//! #[extension(id = "hello", name = "Hello", version = "0.1.0",
//!             permissions = [Permission::Call("core.")], jobs = [count], operations = [greet])]
//! struct Hello;
//!
//! #[query]
//! fn greet(_ctx: &QueryContext, input: GreetInput) -> Result<String> { Ok(format!("Hello, {}!", input.name)) }
//! ```
//!
//! The macros (`#[extension]`, `#[job]`, `#[task]`, `#[query]`, `#[action]`,
//! `#[model]`) write the guest ABI's exports; the clients (`ctx.vdfs()`,
//! `ctx.ai()`, [`JobContext`]) call the host through `spacedrive_call`. See
//! `docs/extension-authors.md`.

mod abi;
pub mod ai;
pub mod base64;
mod context;
mod error;
mod exec;
pub mod model;
mod uuid;
pub mod vdfs;

pub use ai::{AiClient, ImageInput, ModelSource, ModelsClient};
pub use context::{call, call_value, log, ActionContext, Context, ExtensionContext, JobContext, Level, QueryContext, Task, TaskContext};
pub use error::{Error, ErrorCode, Result};
pub use exec::block_on;
pub use model::{Model, Scope};
pub use uuid::Uuid;
pub use vdfs::{Entry, SdPath, Sidecar, SidecarTarget, VdfsClient};

pub use spacedrive_sdk_macros::{action, extension, job, model, query, spacedrive_job, task};

/// serde and serde_json as the SDK uses them (derives in `#[model]` point here).
pub use serde;
pub use serde_json;

pub type JobResult<T> = Result<T>;
pub type TaskResult<T> = Result<T>;
pub type QueryResult<T> = Result<T>;
pub type ActionResult<T> = Result<T>;

pub mod prelude {
    pub use crate::ai::{Classification, Embeddings, FaceDetection, Generated, GenerateRequest, OcrResult};
    pub use crate::vdfs::{Archive, Audio, CollectionItem, Directory, Document, File, Image, Symlink, Text, Video};
    pub use crate::{
        action, extension, job, model, query, spacedrive_job, task, ActionContext, ActionResult, Context, Entry, Error,
        ErrorCode, ExtensionContext, ImageInput, JobContext, JobResult, Level, ModelSource, QueryContext, QueryResult,
        Result, SdPath, TaskContext, TaskResult, Uuid,
    };
    pub use serde::{Deserialize, Serialize};
    pub use serde_json::{json, Value};
}

/// What the macros' generated code calls. Not an API.
#[doc(hidden)]
pub mod __rt {
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use serde_json::Value;

    pub use crate::exec::block_on;
    pub use crate::model::BlobField;
    use crate::{abi, context, Context, Error, JobContext, Level, Result, Uuid};

    /// JSON text → `T` through `Value`: one text parser in the module instead
    /// of one per type, which keeps modules smaller.
    fn decode<T: DeserializeOwned>(raw: &[u8]) -> serde_json::Result<T> {
        serde_json::from_value(serde_json::from_slice::<Value>(raw)?)
    }

    pub const OP_QUERY: i32 = 0;
    pub const OP_ACTION: i32 = 1;

    pub struct JobInfo {
        pub name: &'static str,
        pub export: &'static str,
        pub resumable: bool,
    }

    pub struct OperationInfo {
        pub name: &'static str,
        pub export: &'static str,
        pub kind: i32,
    }

    /// `plugin_init`: registers jobs and operations, then runs the extension's `init`.
    pub fn init(jobs: &[&JobInfo], operations: &[&OperationInfo], user: Option<fn(&Context) -> Result<()>>) -> i32 {
        for op in operations {
            if abi::register_operation(op.name, op.export, op.kind) != 0 {
                crate::log(Level::Error, &format!("register_operation({}) was refused", op.name));
                return 1;
            }
        }
        for job in jobs {
            if abi::register_job(job.name, job.export, job.resumable) != 0 {
                crate::log(Level::Error, &format!("register_job({}) was refused", job.name));
                return 1;
            }
        }
        if let Some(f) = user {
            if let Err(e) = f(&Context::new(None)) {
                crate::log(Level::Error, &format!("init failed: {}", e));
                return 1;
            }
        }
        0
    }

    pub fn cleanup(user: Option<fn(&Context)>) {
        if let Some(f) = user {
            f(&Context::new(None));
        }
    }

    pub const COMPLETED: i32 = 0;
    pub const INTERRUPTED: i32 = 1;
    pub const FAILED: i32 = 2;

    #[derive(serde::Deserialize)]
    struct JobCtx {
        job_id: Uuid,
        #[serde(default)]
        library_id: Option<Uuid>,
    }

    fn job_context(name: &'static str, ctx_ptr: i32, ctx_len: i32) -> Option<JobContext> {
        match decode::<JobCtx>(abi::input(ctx_ptr, ctx_len)) {
            Ok(c) => {
                context::set_current_library(c.library_id);
                Some(JobContext::new(c.job_id, c.library_id, name))
            }
            Err(e) => {
                crate::log(Level::Error, &format!("job {}: unreadable job context: {}", name, e));
                None
            }
        }
    }

    fn fail(ctx: &JobContext, e: &Error) -> i32 {
        let text = format!("job {} failed: {}", ctx.job_name(), e);
        crate::log(Level::Error, &text);
        ctx.add_warning(&text);
        FAILED
    }

    /// A job whose state (`&mut S`) is checkpointed: the default state when
    /// the host gives none, the parameters or the last checkpoint otherwise.
    /// Completed or interrupted, the state is checkpointed once more.
    pub fn run_stateful_job<S, F>(name: &'static str, ctx_ptr: i32, ctx_len: i32, state_ptr: i32, state_len: i32, f: F) -> i32
    where
        S: Serialize + DeserializeOwned + Default,
        F: FnOnce(&JobContext, &mut S) -> Result<()>,
    {
        let ctx = match job_context(name, ctx_ptr, ctx_len) {
            Some(c) => c,
            None => return FAILED,
        };
        let raw = abi::input(state_ptr, state_len);
        let mut state: S = if raw.is_empty() {
            S::default()
        } else {
            match decode(raw) {
                Ok(s) => s,
                Err(e) => return fail(&ctx, &Error::invalid(format!("state {} does not fit: {}", String::from_utf8_lossy(raw), e))),
            }
        };
        let outcome = f(&ctx, &mut state);
        let saved = ctx.checkpoint(&state);
        match outcome {
            Ok(()) => {
                if let Err(e) = saved {
                    ctx.add_warning(&format!("final checkpoint failed: {}", e));
                }
                COMPLETED
            }
            Err(e) if e.is_interrupted() => {
                if let Err(e) = saved {
                    ctx.add_warning(&format!("checkpoint on interrupt failed: {}", e));
                }
                INTERRUPTED
            }
            Err(e) => fail(&ctx, &e),
        }
    }

    /// A job that takes parameters by value (from `null` when none were given).
    /// Interrupted, it starts again from its parameters on resume (or from
    /// what it checkpointed, which must then have the parameters' shape).
    pub fn run_params_job<P, F>(name: &'static str, ctx_ptr: i32, ctx_len: i32, state_ptr: i32, state_len: i32, f: F) -> i32
    where
        P: DeserializeOwned,
        F: FnOnce(&JobContext, P) -> Result<()>,
    {
        let ctx = match job_context(name, ctx_ptr, ctx_len) {
            Some(c) => c,
            None => return FAILED,
        };
        let raw = abi::input(state_ptr, state_len);
        let raw: &[u8] = if raw.is_empty() { b"null" } else { raw };
        let params: P = match decode(raw) {
            Ok(p) => p,
            Err(e) => return fail(&ctx, &Error::invalid(format!("parameters {} do not fit: {}", String::from_utf8_lossy(raw), e))),
        };
        match f(&ctx, params) {
            Ok(()) => COMPLETED,
            Err(e) if e.is_interrupted() => INTERRUPTED,
            Err(e) => fail(&ctx, &e),
        }
    }

    /// A job without parameters or state.
    pub fn run_plain_job<F>(name: &'static str, ctx_ptr: i32, ctx_len: i32, f: F) -> i32
    where
        F: FnOnce(&JobContext) -> Result<()>,
    {
        let ctx = match job_context(name, ctx_ptr, ctx_len) {
            Some(c) => c,
            None => return FAILED,
        };
        match f(&ctx) {
            Ok(()) => COMPLETED,
            Err(e) if e.is_interrupted() => INTERRUPTED,
            Err(e) => fail(&ctx, &e),
        }
    }

    fn answer<O: Serialize>(result: Result<O>) -> i32 {
        let envelope = match result.and_then(|o| serde_json::to_value(o).map_err(Error::from)) {
            Ok(v) => serde_json::json!({ "ok": v }),
            Err(e) => serde_json::json!({ "error": e.to_json() }),
        };
        abi::result_buffer(&serde_json::to_vec(&envelope).unwrap_or_default())
    }

    /// An exported query or action: input JSON in (`null` when empty), result buffer out.
    pub fn run_operation<I, O, F>(name: &'static str, in_ptr: i32, in_len: i32, f: F) -> i32
    where
        I: DeserializeOwned,
        O: Serialize,
        F: FnOnce(&Context, I) -> Result<O>,
    {
        context::set_current_library(None);
        let raw = abi::input(in_ptr, in_len);
        let raw: &[u8] = if raw.iter().all(|b| b.is_ascii_whitespace()) { b"null" } else { raw };
        let input: Result<I> = decode(raw)
            .map_err(|e| Error::invalid(format!("{}: input {} does not fit: {}", name, String::from_utf8_lossy(raw), e)));
        answer(input.and_then(|i| f(&Context::new(None), i)))
    }

    /// An operation that takes no input.
    pub fn run_operation_no_input<O, F>(name: &'static str, in_ptr: i32, in_len: i32, f: F) -> i32
    where
        O: Serialize,
        F: FnOnce(&Context) -> Result<O>,
    {
        run_operation::<Value, O, _>(name, in_ptr, in_len, |ctx, _| f(ctx))
    }

    /// What a `#[blob_data(lazy)]` accessor calls: loads the field in the library of the running call.
    pub fn load_blob<T: DeserializeOwned>(model_uuid: Uuid, key: &str) -> Result<T> {
        if model_uuid.is_nil() {
            return Err(Error::invalid(format!("blob {} of a model that was never stored", key)));
        }
        crate::block_on(crate::VdfsClient::new(context::current_library()).load_model_blob(model_uuid, key))
    }
}
