//! Procedural macros of the VDFS extension SDK; use them through
//! `spacedrive_sdk` (`use spacedrive_sdk::prelude::*`), whose runtime
//! (`spacedrive_sdk::__rt`) the generated code calls.

use proc_macro::TokenStream;
use syn::{parse_macro_input, ItemFn, ItemStruct};

mod args;
mod extension;
mod functions;
mod model;

use args::Args;

fn out(result: syn::Result<proc_macro2::TokenStream>) -> TokenStream {
    result.unwrap_or_else(|e| e.to_compile_error()).into()
}

/// The extension: `#[extension(id, name, version, description, min_core_version,
/// permissions = [...], jobs = [...], operations = [...], init = fn, cleanup = fn)]`
/// on a struct. Generates the manifest (custom section `spacedrive.manifest`),
/// `plugin_init` (registers the jobs and operations, then calls `init`) and
/// `plugin_cleanup`.
#[proc_macro_attribute]
pub fn extension(attr: TokenStream, item: TokenStream) -> TokenStream {
    let args = parse_macro_input!(attr as Args);
    let item = parse_macro_input!(item as ItemStruct);
    out(extension::expand(args, item))
}

/// A durable job: `fn name(ctx: &JobContext, state: &mut State) -> Result<()>`
/// (state checkpointed and resumed), `fn name(ctx: &JobContext, params: P)`
/// or `fn name(ctx: &JobContext)`; may be `async`. Exported as
/// `execute_<name>`; `#[job(name = "...", resumable = false)]`.
#[proc_macro_attribute]
pub fn job(attr: TokenStream, item: TokenStream) -> TokenStream {
    let args = parse_macro_input!(attr as Args);
    let item = parse_macro_input!(item as ItemFn);
    out(functions::job(args, item))
}

/// The status report's spelling of `#[job]`.
#[proc_macro_attribute]
pub fn spacedrive_job(attr: TokenStream, item: TokenStream) -> TokenStream {
    job(attr, item)
}

/// A task with retries: `#[task(retries = 3, timeout_ms = 30000)]`, run with `ctx.run(task, (args,))`.
#[proc_macro_attribute]
pub fn task(attr: TokenStream, item: TokenStream) -> TokenStream {
    let args = parse_macro_input!(attr as Args);
    let item = parse_macro_input!(item as ItemFn);
    out(functions::task(args, item))
}

/// An operation others can call (`<extension id>.<name>`), kind query:
/// `fn name(ctx: &QueryContext, input: In) -> Result<Out>`.
#[proc_macro_attribute]
pub fn query(attr: TokenStream, item: TokenStream) -> TokenStream {
    let args = parse_macro_input!(attr as Args);
    let item = parse_macro_input!(item as ItemFn);
    out(functions::operation(args, item, false))
}

/// An operation others can call, kind action.
#[proc_macro_attribute]
pub fn action(attr: TokenStream, item: TokenStream) -> TokenStream {
    let args = parse_macro_input!(attr as Args);
    let item = parse_macro_input!(item as ItemFn);
    out(functions::operation(args, item, true))
}

/// A model of the store: `#[model(version = "1.0.0")] #[scope = "content"]`
/// on a struct; fields `#[blob_data(compression = "zstd", lazy = true)]` are
/// stored apart and loaded by the accessor of the same name.
#[proc_macro_attribute]
pub fn model(attr: TokenStream, item: TokenStream) -> TokenStream {
    let args = parse_macro_input!(attr as Args);
    let item = parse_macro_input!(item as ItemStruct);
    out(model::expand(args, item))
}
