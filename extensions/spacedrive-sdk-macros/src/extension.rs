//! `#[extension(...)]`: the manifest (embedded as the `spacedrive.manifest`
//! custom section), `plugin_init` and `plugin_cleanup`.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::{json, Map, Value};
use syn::{Expr, ExprLit, ItemStruct, Lit};

use crate::args::{string_list, Args};

const KEYS: &[&str] = &[
    "id", "name", "version", "description", "author", "homepage", "min_core_version", "required_features",
    "permissions", "jobs", "operations", "queries", "actions", "init", "cleanup",
];

pub fn expand(args: Args, item: ItemStruct) -> syn::Result<TokenStream> {
    args.check("extension", KEYS)?;
    let manifest = manifest(&args)?;
    let text = serde_json::to_string_pretty(&manifest).expect("a manifest serialises");
    let bytes = Literal::byte_string(text.as_bytes());
    let len = text.len();

    let jobs = hidden_paths(&args.list("jobs")?, "__spacedrive_job_")?;
    let mut ops = Vec::new();
    for key in ["operations", "queries", "actions"] {
        ops.extend(hidden_paths(&args.list(key)?, "__spacedrive_op_")?);
    }
    let init = match args.get("init").and_then(|a| a.value.as_ref()) {
        Some(path) => quote!(::core::option::Option::Some(#path as fn(&::spacedrive_sdk::Context) -> ::spacedrive_sdk::Result<()>)),
        None => quote!(::core::option::Option::None),
    };
    let cleanup = match args.get("cleanup").and_then(|a| a.value.as_ref()) {
        Some(path) => quote!(::core::option::Option::Some(#path as fn(&::spacedrive_sdk::Context))),
        None => quote!(::core::option::Option::None),
    };

    Ok(quote! {
        #[allow(dead_code)]
        #item

        /// The manifest, generated from `#[extension]`: the host reads this
        /// custom section; the packager copies it to the archive's manifest.json.
        #[doc(hidden)]
        #[allow(unsafe_code)]
        #[used]
        #[link_section = "spacedrive.manifest"]
        static __SPACEDRIVE_MANIFEST: [u8; #len] = *#bytes;

        #[doc(hidden)]
        #[allow(unsafe_code)]
        #[no_mangle]
        pub extern "C" fn plugin_init() -> i32 {
            ::spacedrive_sdk::__rt::init(&[#(&#jobs),*], &[#(&#ops),*], #init)
        }

        #[doc(hidden)]
        #[allow(unsafe_code)]
        #[no_mangle]
        pub extern "C" fn plugin_cleanup() {
            ::spacedrive_sdk::__rt::cleanup(#cleanup)
        }
    })
}

/// `a::b::job` → `a::b::__spacedrive_job_job`: the constant `#[job]` emitted beside it.
fn hidden_paths(items: &[Expr], prefix: &str) -> syn::Result<Vec<syn::Path>> {
    items.iter().map(|e| match e {
        Expr::Path(p) => {
            let mut path = p.path.clone();
            let last = path.segments.last_mut().expect("a path has a segment");
            last.ident = format_ident!("{}{}", prefix, last.ident);
            Ok(path)
        }
        other => Err(syn::Error::new_spanned(other, "expected the name of a function marked #[job], #[query] or #[action]")),
    }).collect()
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_' || b == b'-')
}

fn manifest(args: &Args) -> syn::Result<Value> {
    let id = args.required_string("id", "extension")?;
    if !valid_id(&id) {
        return Err(syn::Error::new_spanned(&args.get("id").unwrap().key,
            "`id` may hold lower-case letters, digits, `.`, `_` and `-` only"));
    }
    let version = args.required_string("version", "extension")?;
    let mut m = Map::new();
    m.insert("id".into(), json!(id));
    m.insert("name".into(), json!(args.string("name")?.unwrap_or_else(|| id.clone())));
    m.insert("version".into(), json!(version));
    for key in ["description", "author", "homepage", "min_core_version"] {
        if let Some(v) = args.string(key)? {
            m.insert(key.into(), json!(v));
        }
    }
    if let Some(a) = args.get("required_features") {
        let v = a.value.as_ref().ok_or_else(|| syn::Error::new(a.key.span(), "required_features = [\"...\"]"))?;
        m.insert("required_features".into(), json!(string_list(v, "required_features")?));
    }
    m.insert("wasm_file".into(), json!(format!("{}.wasm", id)));
    m.insert("permissions".into(), permissions(&args.list("permissions")?)?);
    Ok(Value::Object(m))
}

/// One `Permission::Name` or `Permission::Name(args)`.
struct Perm {
    name: String,
    named: Map<String, Value>,
    positional: Vec<Value>,
    span: proc_macro2::Span,
}

fn literal(e: &Expr) -> syn::Result<Value> {
    match e {
        Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) => Ok(json!(s.value())),
        Expr::Lit(ExprLit { lit: Lit::Int(i), .. }) => Ok(json!(i.base10_parse::<u64>()?)),
        Expr::Lit(ExprLit { lit: Lit::Bool(b), .. }) => Ok(json!(b.value)),
        Expr::Array(a) => Ok(Value::Array(a.elems.iter().map(literal).collect::<syn::Result<_>>()?)),
        other => Err(syn::Error::new_spanned(other, "expected a literal or a list of literals")),
    }
}

fn parse_perm(e: &Expr) -> syn::Result<Perm> {
    let (path, call_args) = match e {
        Expr::Path(p) => (&p.path, None),
        Expr::Call(c) => match &*c.func {
            Expr::Path(p) => (&p.path, Some(&c.args)),
            other => return Err(syn::Error::new_spanned(other, "expected Permission::Name(...)")),
        },
        other => return Err(syn::Error::new_spanned(other, "expected Permission::Name or Permission::Name(...)")),
    };
    let name = path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
    let mut perm = Perm { name, named: Map::new(), positional: Vec::new(), span: syn::spanned::Spanned::span(e) };
    if let Some(list) = call_args {
        for a in list {
            match a {
                Expr::Assign(assign) => {
                    let key = match &*assign.left {
                        Expr::Path(p) if p.path.get_ident().is_some() => p.path.get_ident().unwrap().clone(),
                        other => return Err(syn::Error::new_spanned(other, "expected `name = value`")),
                    };
                    perm.named.insert(key.to_string(), literal(&assign.right)?);
                }
                other => perm.positional.push(literal(other)?),
            }
        }
    }
    Ok(perm)
}

impl Perm {
    fn arg(&self, key: &str) -> Option<&Value> {
        self.named.get(key).or_else(|| self.positional.first())
    }

    fn str_arg(&self, key: &str) -> syn::Result<String> {
        match self.arg(key) {
            Some(Value::String(s)) => Ok(s.clone()),
            _ => Err(syn::Error::new(self.span, format!("Permission::{} needs {} = \"...\"", self.name, key))),
        }
    }
}

/// The method prefixes of each permission (docs/extension-authors.md, "Permissions").
fn ai_method(category: &str) -> &'static str {
    match category {
        "ocr" => "ai.ocr",
        "embedding" => "ai.embed",
        "face_detection" => "ai.detect_faces",
        "classify_text" => "ai.classify_text",
        "llm" => "ai.generate",
        _ => "ai.",
    }
}

const READ_MODELS: &[&str] = &["vdfs.get_model", "vdfs.get_model_by_content", "vdfs.query_models", "vdfs.load_model_blob"];

fn permissions(list: &[Expr]) -> syn::Result<Value> {
    let mut methods: Vec<String> = Vec::new();
    let mut models: Vec<Value> = Vec::new();
    let mut p = Map::new();
    let add = |methods: &mut Vec<String>, ms: &[&str]| {
        for m in ms {
            if !methods.iter().any(|x| x == m) {
                methods.push(m.to_string());
            }
        }
    };
    for e in list {
        let perm = parse_perm(e)?;
        match perm.name.as_str() {
            "Call" | "Method" => {
                let prefix = perm.str_arg("prefix")?;
                add(&mut methods, &[prefix.as_str()]);
            }
            "ReadEntries" => {
                add(&mut methods, &["vdfs.query_entries", "vdfs.location_list"]);
                if let Some(g) = perm.arg("glob") {
                    push(&mut p, "entry_globs", g.clone());
                }
            }
            "ReadSidecars" | "WriteSidecars" => {
                let (method, key) = if perm.name == "ReadSidecars" { ("vdfs.read_sidecar", "read") } else { ("vdfs.write_sidecar", "write") };
                add(&mut methods, &[method]);
                let kinds = perm.arg("kinds").cloned().unwrap_or(json!([]));
                let sidecars = p.entry("sidecars").or_insert_with(|| json!({}));
                sidecars[key] = kinds;
            }
            "ReadTags" => add(&mut methods, &["vdfs.tags"]),
            "WriteTags" => add(&mut methods, &["vdfs.add_tag_to_content", "vdfs.add_tag_to_model", "vdfs.tags"]),
            "ReadModels" => add(&mut methods, READ_MODELS),
            "WriteModels" | "Models" => {
                add(&mut methods, &["vdfs.create_model"]);
                add(&mut methods, READ_MODELS);
            }
            "Collections" => add(&mut methods, &["vdfs.collection_"]),
            "Locations" => add(&mut methods, &["vdfs.location_", "vdfs.index"]),
            "OwnTables" | "Sql" => add(&mut methods, &["ext.sql."]),
            "Jobs" => add(&mut methods, &["jobs."]),
            "UseModel" => {
                let category = perm.named.get("category").and_then(Value::as_str)
                    .ok_or_else(|| syn::Error::new(perm.span, "Permission::UseModel needs category = \"...\""))?.to_string();
                let preference = perm.named.get("preference").and_then(Value::as_str).unwrap_or("any").to_string();
                if !["local", "remote", "any"].contains(&preference.as_str()) {
                    return Err(syn::Error::new(perm.span, "preference is \"local\", \"remote\" or \"any\""));
                }
                add(&mut methods, &[ai_method(&category), "ai.models.list"]);
                models.push(json!({"category": category, "preference": preference}));
            }
            "RegisterModels" => add(&mut methods, &["models.register"]),
            "Libraries" => {
                let ids = perm.arg("ids").cloned().unwrap_or(json!(["*"]));
                p.insert("libraries".into(), if ids.is_string() { json!([ids]) } else { ids });
            }
            "RateLimit" => {
                let mut limits = Map::new();
                for key in ["requests_per_minute", "concurrent_jobs"] {
                    if let Some(v) = perm.named.get(key) {
                        limits.insert(key.into(), v.clone());
                    }
                }
                p.insert("rate_limits".into(), Value::Object(limits));
            }
            "MaxMemoryMb" => {
                p.insert("max_memory_mb".into(), perm.arg("mb").cloned().unwrap_or(json!(512)));
            }
            "Network" => {
                let hosts = perm.arg("hosts").cloned().unwrap_or(json!([]));
                p.insert("network_access".into(), if hosts.is_string() { json!([hosts]) } else { hosts });
            }
            other => {
                return Err(syn::Error::new(perm.span, format!(
                    "unknown permission `{}`; known: Call(\"prefix\"), ReadEntries(glob), ReadSidecars(kinds), WriteSidecars(kinds), \
                     ReadTags, WriteTags, ReadModels, WriteModels, Collections, Locations, OwnTables, Jobs, \
                     UseModel(category, preference), RegisterModels, Libraries(ids), RateLimit(requests_per_minute, concurrent_jobs), \
                     MaxMemoryMb(mb), Network(hosts)", other)));
            }
        }
    }
    p.insert("methods".into(), json!(methods));
    if !models.is_empty() {
        p.insert("models".into(), Value::Array(models));
    }
    p.entry("libraries").or_insert_with(|| json!(["*"]));
    Ok(Value::Object(p))
}

fn push(map: &mut Map<String, Value>, key: &str, value: Value) {
    let list = map.entry(key).or_insert_with(|| json!([]));
    if let Value::Array(a) = list {
        a.push(value);
    }
}
