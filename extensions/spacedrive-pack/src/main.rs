//! `spacedrive-pack`: builds an extension crate for `wasm32-unknown-unknown`
//! and packages it, in one command:
//!
//! - `<out>/<id>.wasm`: the module, its manifest embedded by `#[extension]`
//!   as the custom section `spacedrive.manifest`;
//! - `<out>/<id>-<version>.zip`: `manifest.json` (that same section, byte for
//!   byte), the module, and the crate's `migrations/`, `ui_manifest.json`,
//!   `assets/` and `prompts/` when present.
//!
//! Usage: `spacedrive-pack [--offline] [--out DIR] [CRATE_DIR]` (default:
//! the current directory, output in `CRATE_DIR/target`). Cargo is `$CARGO`
//! (set by `cargo run`) or `cargo` on the PATH; `RUSTC` and
//! `CARGO_TARGET_DIR` are passed through.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{exit, Command, Stdio};

use serde_json::Value;

mod zip;

const SECTION: &str = "spacedrive.manifest";
const TARGET: &str = "wasm32-unknown-unknown";

struct Options {
    crate_dir: PathBuf,
    out: Option<PathBuf>,
    offline: bool,
}

fn usage() -> ! {
    eprintln!("usage: spacedrive-pack [--offline] [--out DIR] [CRATE_DIR]");
    exit(2)
}

fn options() -> Options {
    let mut o = Options { crate_dir: PathBuf::from("."), out: None, offline: false };
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--offline" => o.offline = true,
            "--out" => o.out = Some(PathBuf::from(args.next().unwrap_or_else(|| usage()))),
            "-h" | "--help" => usage(),
            s if s.starts_with('-') => {
                eprintln!("spacedrive-pack: unknown option {}", s);
                usage()
            }
            _ => positional.push(a),
        }
    }
    match positional.len() {
        0 => {}
        1 => o.crate_dir = PathBuf::from(&positional[0]),
        _ => usage(),
    }
    o
}

fn fail(message: String) -> ! {
    eprintln!("spacedrive-pack: {}", message);
    exit(1)
}

/// Runs `cargo build --release --target wasm32-unknown-unknown` and returns
/// the `.wasm` the crate's cdylib became.
fn build(o: &Options, manifest_path: &Path) -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut cmd = Command::new(&cargo);
    cmd.args(["build", "--release", "--target", TARGET, "--message-format", "json-render-diagnostics", "--manifest-path"])
        .arg(manifest_path)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if o.offline {
        cmd.arg("--offline");
    }
    let mut child = cmd.spawn().unwrap_or_else(|e| fail(format!("cannot run {}: {}", cargo, e)));
    let mut wasm = None;
    let stdout = child.stdout.take().expect("piped");
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap_or_default();
        let msg: Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(_) => continue,
        };
        if msg["reason"] != "compiler-artifact" || msg["manifest_path"].as_str().map(Path::new) != Some(manifest_path) {
            continue;
        }
        let cdylib = msg["target"]["crate_types"].as_array().map(|k| k.iter().any(|t| t == "cdylib")).unwrap_or(false);
        if !cdylib {
            continue;
        }
        if let Some(files) = msg["filenames"].as_array() {
            wasm = files.iter().filter_map(Value::as_str).find(|f| f.ends_with(".wasm")).map(PathBuf::from);
        }
    }
    let status = child.wait().unwrap_or_else(|e| fail(format!("cargo: {}", e)));
    if !status.success() {
        fail(format!("cargo build failed ({})", status));
    }
    wasm.unwrap_or_else(|| fail(format!("{} builds no cdylib (add [lib] crate-type = [\"cdylib\"])", manifest_path.display())))
}

fn leb(bytes: &[u8], pos: &mut usize) -> Option<usize> {
    let mut result = 0usize;
    let mut shift = 0;
    loop {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        result |= ((b & 0x7f) as usize) << shift;
        if b & 0x80 == 0 {
            return Some(result);
        }
        shift += 7;
        if shift > 35 {
            return None;
        }
    }
}

/// The payload of the custom section `name`.
pub fn custom_section<'a>(wasm: &'a [u8], name: &str) -> Option<&'a [u8]> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return None;
    }
    let mut pos = 8;
    while pos < wasm.len() {
        let id = wasm[pos];
        pos += 1;
        let size = leb(wasm, &mut pos)?;
        let end = pos.checked_add(size).filter(|e| *e <= wasm.len())?;
        if id == 0 {
            let mut p = pos;
            let len = leb(wasm, &mut p)?;
            if p + len <= end && &wasm[p..p + len] == name.as_bytes() {
                return Some(&wasm[p + len..end]);
            }
        }
        pos = end;
    }
    None
}

/// Files under `dir`, as (path in the archive, path on disk), sorted.
fn files_under(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = match fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok()).collect(),
        Err(e) => fail(format!("cannot list {}: {}", dir.display(), e)),
    };
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = format!("{}/{}", prefix, e.file_name().to_string_lossy());
        let path = e.path();
        if path.is_dir() {
            files_under(&path, &name, out);
        } else {
            out.push((name, path));
        }
    }
}

fn main() {
    let o = options();
    let crate_dir = fs::canonicalize(&o.crate_dir).unwrap_or_else(|e| fail(format!("{}: {}", o.crate_dir.display(), e)));
    let manifest_path = crate_dir.join("Cargo.toml");
    if !manifest_path.is_file() {
        fail(format!("no Cargo.toml in {}", crate_dir.display()));
    }
    let built = build(&o, &manifest_path);
    let wasm = fs::read(&built).unwrap_or_else(|e| fail(format!("{}: {}", built.display(), e)));
    let section = custom_section(&wasm, SECTION).unwrap_or_else(|| {
        fail(format!("{} has no `{}` section: is a struct marked #[extension]?", built.display(), SECTION))
    });
    let manifest: Value = serde_json::from_slice(section).unwrap_or_else(|e| fail(format!("the embedded manifest is not JSON: {}", e)));
    let text = |key: &str| manifest[key].as_str().map(str::to_string).unwrap_or_else(|| fail(format!("the manifest has no `{}`", key)));
    let (id, version, wasm_file) = (text("id"), text("version"), text("wasm_file"));

    let out = o.out.clone().unwrap_or_else(|| crate_dir.join("target"));
    fs::create_dir_all(&out).unwrap_or_else(|e| fail(format!("{}: {}", out.display(), e)));
    let wasm_out = out.join(&wasm_file);
    fs::write(&wasm_out, &wasm).unwrap_or_else(|e| fail(format!("{}: {}", wasm_out.display(), e)));

    let mut entries: Vec<(String, Vec<u8>)> = vec![("manifest.json".to_string(), section.to_vec()), (wasm_file.clone(), wasm.clone())];
    let ui = crate_dir.join("ui_manifest.json");
    if ui.is_file() {
        let bytes = fs::read(&ui).unwrap_or_else(|e| fail(format!("{}: {}", ui.display(), e)));
        if let Err(e) = serde_json::from_slice::<Value>(&bytes) {
            fail(format!("{} is not JSON: {}", ui.display(), e));
        }
        entries.push(("ui_manifest.json".to_string(), bytes));
    }
    for dir in ["migrations", "assets", "prompts"] {
        let path = crate_dir.join(dir);
        if path.is_dir() {
            let mut files = Vec::new();
            files_under(&path, dir, &mut files);
            for (name, file) in files {
                let bytes = fs::read(&file).unwrap_or_else(|e| fail(format!("{}: {}", file.display(), e)));
                entries.push((name, bytes));
            }
        }
    }
    let zip_out = out.join(format!("{}-{}.zip", id, version));
    fs::write(&zip_out, zip::stored(&entries)).unwrap_or_else(|e| fail(format!("{}: {}", zip_out.display(), e)));

    println!("Packed {} {}:", id, version);
    println!("  {} ({} bytes)", wasm_out.display(), wasm.len());
    println!("  {} ({} files)", zip_out.display(), entries.len());
    println!("Install it in Karaf with:");
    println!("  ext:install {}", zip_out.display());
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_a_custom_section() {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        let name = b"spacedrive.manifest";
        let payload = b"{\"id\":\"x\"}";
        wasm.push(0);
        wasm.push((1 + name.len() + payload.len()) as u8);
        wasm.push(name.len() as u8);
        wasm.extend_from_slice(name);
        wasm.extend_from_slice(payload);
        assert_eq!(super::custom_section(&wasm, "spacedrive.manifest"), Some(&payload[..]));
        assert_eq!(super::custom_section(&wasm, "other"), None);
        assert_eq!(super::custom_section(b"not wasm", "spacedrive.manifest"), None);
    }
}
