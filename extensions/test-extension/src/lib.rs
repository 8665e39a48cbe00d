//! Test extension for the VDFS WebAssembly extension host, written only with
//! the Rust SDK: no `unsafe`, no FFI. The host's tests use it; see README.md.
#![deny(unsafe_code)]

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use spacedrive_sdk::prelude::*;
use spacedrive_sdk::{extension, spacedrive_job};

#[extension(
    id = "test-extension",
    name = "Test Extension",
    version = "0.1.0",
    description = "Exercises the SDK: logging, host calls, exported operations, models and a counter job.",
    author = "VDFS team",
    min_core_version = "0.1.0",
    permissions = [
        Permission::Call("core."),
        Permission::Call("extensions."),
        Permission::Call("test-extension."),
        Permission::RateLimit(concurrent_jobs = 2),
        Permission::MaxMemoryMb(64),
    ],
    jobs = [test_counter, task_job],
    operations = [echo, init_report, call, spin, try_call, models_demo, ai_demo],
    init = init,
    cleanup = cleanup,
)]
struct TestExtension;

// ---------------------------------------------------------------------------
// The seeds' counter job
// ---------------------------------------------------------------------------

#[derive(Serialize, Deserialize)]
#[serde(default)]
pub struct CounterState {
    pub current: u64,
    pub target: u64,
    pub processed: u64,
    /// `current` at the start of each run: a resumed job shows where it picked up.
    pub starts: Vec<u64>,
}

impl Default for CounterState {
    fn default() -> Self {
        CounterState { current: 0, target: 100, processed: 0, starts: Vec::new() }
    }
}

#[spacedrive_job(name = "counter")]
fn test_counter(ctx: &JobContext, state: &mut CounterState) -> Result<()> {
    state.starts.push(state.current);
    ctx.log(&format!("counter: run {} from {} to {}", state.starts.len(), state.current, state.target));
    while state.current < state.target {
        ctx.check_interrupt()?;
        state.current += 1;
        state.processed += 1;
        ctx.increment_items(1);
        ctx.report_progress(state.current as f32 / state.target as f32, &format!("Counted {} of {}", state.current, state.target));
        if state.current % 10 == 0 {
            ctx.checkpoint(state)?;
        }
    }
    ctx.log(&format!("counter: reached {}", state.target));
    Ok(())
}

// ---------------------------------------------------------------------------
// Tasks with timeouts: one that is quick, one that hangs on its first attempts
// ---------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
pub struct TaskJobState {
    pub items: u32,
    pub done: u32,
    /// The item whose task hangs.
    pub stuck_at: Option<u32>,
    /// How many attempts of that task hang before one returns.
    pub stuck_attempts: u32,
    /// `done` at the start of each run: a retried run starts from the last checkpoint.
    pub runs: Vec<u32>,
    /// The attempt on which each item's task succeeded.
    pub attempts: Vec<u32>,
}

static QUICK_SPINS: AtomicU32 = AtomicU32::new(0);

/// Well inside its timeout.
#[task(retries = 1, timeout_ms = 10_000)]
fn quick(_ctx: &TaskContext, item: u32) -> TaskResult<u32> {
    QUICK_SPINS.fetch_add(1, Ordering::Relaxed);
    Ok(item * 2)
}

/// Spins without a host call (nothing in the guest could notice time passing)
/// while its attempt is below `hang_attempts`: only the host can stop it.
#[task(retries = 2, timeout_ms = 300)]
fn stuck(ctx: &TaskContext, hang_attempts: u32) -> TaskResult<u32> {
    if ctx.attempt() < hang_attempts {
        loop {
            SPINS.fetch_add(1, Ordering::Relaxed);
        }
    }
    Ok(ctx.attempt())
}

#[spacedrive_job(name = "tasks")]
async fn task_job(ctx: &JobContext, state: &mut TaskJobState) -> Result<()> {
    state.runs.push(state.done);
    ctx.checkpoint(state)?;
    while state.done < state.items {
        ctx.check_interrupt()?;
        let attempt = if state.stuck_at == Some(state.done) {
            ctx.run(stuck, (state.stuck_attempts,)).await?
        } else {
            ctx.run(quick, (state.done,)).await?;
            0
        };
        state.attempts.push(attempt);
        state.done += 1;
        ctx.increment_items(1);
        ctx.checkpoint(state)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// init: calls the host, reports what it saw through `init_report`
// ---------------------------------------------------------------------------

static INIT_COUNT: AtomicU32 = AtomicU32::new(0);
static INIT_RESULTS: Mutex<Option<(Value, Value)>> = Mutex::new(None);

/// A host result as the host wrote it: `{"ok": …}` or `{"error": {"code", "message"}}`.
fn envelope(result: Result<Value>) -> Value {
    match result {
        Ok(v) => json!({ "ok": v }),
        Err(e) => json!({ "error": e.to_json() }),
    }
}

fn init(ctx: &ExtensionContext) -> Result<()> {
    INIT_COUNT.fetch_add(1, Ordering::Relaxed);
    ctx.log("Test Extension v0.1.0 initializing");
    let ping = ctx.call::<_, Value>("core.ping", &json!({"from": "test-extension"}));
    let list = ctx.call::<_, Value>("extensions.list", &json!({}));
    let ping_ok = ping.is_ok();
    if let Err(e) = &ping {
        ctx.log_level(Level::Error, &format!("core.ping failed: {}", e));
    }
    *INIT_RESULTS.lock().unwrap() = Some((envelope(ping), envelope(list)));
    if !ping_ok {
        return Err(Error::new("internal", "core.ping did not answer"));
    }
    ctx.log("Test Extension v0.1.0 initialized");
    Ok(())
}

fn cleanup(ctx: &ExtensionContext) {
    ctx.log("Test Extension cleaning up");
}

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

/// Returns its input.
#[query]
fn echo(_ctx: &QueryContext, input: Value) -> Result<Value> {
    Ok(input)
}

/// What `init` saw, and how often it ran in this instance.
#[query]
fn init_report(_ctx: &QueryContext) -> Result<Value> {
    let results = INIT_RESULTS.lock().unwrap();
    let (ping, list) = results.clone().unwrap_or((Value::Null, Value::Null));
    Ok(json!({"ping": ping, "list": list, "init_count": INIT_COUNT.load(Ordering::Relaxed)}))
}

#[derive(Deserialize)]
struct CallInput {
    method: String,
    #[serde(default)]
    payload: Option<Value>,
    #[serde(default)]
    library_id: Option<Uuid>,
}

/// Forwards `{"method", "payload", "library_id"?}` to the host; returns its raw answer.
#[action]
fn call(ctx: &ActionContext, input: CallInput) -> Result<Value> {
    let ctx = match input.library_id {
        Some(library) => ctx.in_library(library),
        None => ctx.clone(),
    };
    let payload = input.payload.unwrap_or_else(|| json!({}));
    Ok(envelope(ctx.call(&input.method, &payload)))
}

/// Like `call`, but reports how the host's answer arrived in Rust: the typed
/// error's code, message and variant.
#[query]
fn try_call(ctx: &QueryContext, input: CallInput) -> Result<Value> {
    let payload = input.payload.unwrap_or_else(|| json!({}));
    Ok(match ctx.call::<_, Value>(&input.method, &payload) {
        Ok(value) => json!({"outcome": "ok", "value": value}),
        Err(e) => typed(&e),
    })
}

/// A typed error as the extension saw it: its variant, the host's code and message.
fn typed(e: &Error) -> Value {
    let variant = match e.kind() {
        ErrorCode::PermissionDenied => "PermissionDenied",
        ErrorCode::UnknownMethod => "UnknownMethod",
        ErrorCode::InvalidPayload => "InvalidPayload",
        ErrorCode::ModelNotFound => "ModelNotFound",
        ErrorCode::ProviderUnavailable => "ProviderUnavailable",
        _ => "Other",
    };
    json!({"outcome": "error", "variant": variant, "code": e.code(), "message": e.message()})
}

#[derive(Deserialize)]
struct AiInput {
    prompt: String,
    #[serde(default)]
    system: Option<String>,
    #[serde(default)]
    max_tokens: Option<u32>,
    #[serde(default)]
    temperature: Option<f32>,
    #[serde(default)]
    texts: Vec<String>,
}

/// `ctx.ai()`: the language models it may use, a generation, and embeddings
/// of `texts`; a host error comes back typed (needs UseModel, which the tests
/// grant under another id).
#[query]
async fn ai_demo(ctx: &QueryContext, input: AiInput) -> Result<Value> {
    let ai = ctx.ai();
    let outcome = async {
        let models = ai.models(Some("llm")).await?;
        let request = GenerateRequest {
            prompt: Some(input.prompt.clone()),
            system: input.system.clone(),
            max_tokens: input.max_tokens,
            temperature: input.temperature,
            ..Default::default()
        };
        let generated = ai.generate(request).await?;
        let texts: Vec<&str> = input.texts.iter().map(String::as_str).collect();
        let embeddings = if texts.is_empty() { None } else { Some(ai.embed(&texts).await?) };
        let names: Vec<String> = models.into_iter().map(|m| format!("{}:{}", m.category, m.name)).collect();
        Ok::<Value, Error>(json!({"models": names, "generated": generated, "embeddings": embeddings}))
    }
    .await;
    Ok(match outcome {
        Ok(value) => json!({"outcome": "ok", "value": value}),
        Err(e) => typed(&e),
    })
}

static SPINS: AtomicU32 = AtomicU32::new(0);

/// Never returns: lets the host test that runaway calls are stopped at their deadline.
#[query]
fn spin(_ctx: &QueryContext) -> Result<()> {
    loop {
        SPINS.fetch_add(1, Ordering::Relaxed);
    }
}

// ---------------------------------------------------------------------------
// Models (run under a manifest that grants `vdfs.`)
// ---------------------------------------------------------------------------

/// Attached to content: the same photo at two paths has one analysis.
#[model(version = "1.0.0")]
#[scope = "content"]
#[sync_strategy = "shared"]
pub struct PhotoAnalysis {
    id: Uuid,
    faces: u32,
    label: String,
    #[blob_data(compression = "zstd", lazy = true)]
    embedding: Vec<f32>,
}

/// A standalone model.
#[model(version = "1.0.0")]
#[scope = "standalone"]
pub struct Person {
    id: Uuid,
    name: String,
    photo_count: u32,
    #[blob_data(compression = "zstd", lazy = true)]
    embeddings: Vec<Vec<f32>>,
}

#[derive(Deserialize)]
struct DemoInput {
    content_uuid: Uuid,
}

/// Creates a content-scoped and a standalone model and reads both back: the
/// blob fields are empty until their accessors load them.
#[action]
async fn models_demo(ctx: &ActionContext, input: DemoInput) -> Result<Value> {
    let vdfs = ctx.vdfs();
    let analysis = PhotoAnalysis { id: Uuid::nil(), faces: 2, label: "beach".into(), embedding: vec![0.25, 0.5, 0.75] };
    let created = vdfs.create_model_for_content(input.content_uuid, analysis).await?;
    let person = Person { id: Uuid::nil(), name: "Alice".into(), photo_count: 42, embeddings: vec![vec![0.125, 0.25], vec![0.5, 1.5]] };
    let alice = vdfs.create_model(person).await?;
    vdfs.add_tag_to_model(alice.id, "#family").await?;

    let read = vdfs.get_model_by_content::<PhotoAnalysis>(input.content_uuid).await?;
    let inline_embedding = read.embedding.len();
    let embedding = read.embedding().await?;
    let people = vdfs.query_models::<Person>().select_inline_only().collect().await?;
    let first = people.first().ok_or_else(|| Error::not_found("no Person came back"))?;
    let inline_embeddings = first.embeddings.len();
    let embeddings = first.embeddings().await?;
    Ok(json!({
        "analysis": {"uuid": created.id, "read_uuid": read.id, "faces": read.faces, "label": read.label,
                     "inline_embedding_len": inline_embedding, "embedding": embedding},
        "person": {"uuid": alice.id, "read_uuid": first.id, "name": first.name, "photo_count": first.photo_count,
                   "inline_embeddings_len": inline_embeddings, "embeddings": embeddings,
                   "tags": vdfs.tags_of_model(alice.id).await?},
        "people": people.len(),
    }))
}
