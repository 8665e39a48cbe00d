//! `ctx.ai()`: the AI registry's `ai.*` operations and `models.register`,
//! typed, as agreed in the ai.* contract (docs/extension-authors.md, "AI").
//! Each needs `Permission::UseModel(category = …)` in `#[extension]`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::context::call_value;
use crate::vdfs::Entry;
use crate::{Error, Result, Uuid};

/// Client for the AI registry; `from_registered` pins a model.
#[derive(Clone, Debug)]
pub struct AiClient {
    library: Option<Uuid>,
    model: Option<String>,
}

/// An image for `ocr` and `detect_faces`: an entry's or a content's file
/// (read by the host within the extension's scope), or bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageInput {
    Entry(Uuid),
    Content(Uuid),
    Bytes(Vec<u8>),
}

impl ImageInput {
    fn to_json(&self) -> Value {
        match self {
            ImageInput::Entry(u) => json!({ "entry_id": u }),
            ImageInput::Content(u) => json!({ "content_id": u }),
            ImageInput::Bytes(b) => json!({ "bytes_base64": crate::base64::encode(b) }),
        }
    }
}

impl From<&Entry> for ImageInput {
    fn from(e: &Entry) -> ImageInput {
        ImageInput::Entry(e.uuid)
    }
}

impl From<&[u8]> for ImageInput {
    fn from(b: &[u8]) -> ImageInput {
        ImageInput::Bytes(b.to_vec())
    }
}

impl From<&Vec<u8>> for ImageInput {
    fn from(b: &Vec<u8>) -> ImageInput {
        ImageInput::Bytes(b.clone())
    }
}

impl From<Vec<u8>> for ImageInput {
    fn from(b: Vec<u8>) -> ImageInput {
        ImageInput::Bytes(b)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OcrWord {
    pub text: String,
    #[serde(default)]
    pub confidence: f32,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OcrResult {
    pub model: String,
    pub text: String,
    #[serde(default)]
    pub confidence: f32,
    #[serde(default)]
    pub words: Vec<OcrWord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Embeddings {
    pub model: String,
    pub dimension: usize,
    pub vectors: Vec<Vec<f32>>,
}

/// `ai.embed`'s answer with `"encoding_format": "base64"`.
#[derive(Deserialize)]
struct PackedEmbeddings {
    model: String,
    dimension: usize,
    vectors: Vec<String>,
}

/// A face: its box in pixels and the detector's score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaceDetection {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub score: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabelScore {
    pub label: String,
    pub score: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    pub model: String,
    pub label: String,
    /// Best first.
    pub scores: Vec<LabelScore>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Generated {
    pub model: String,
    pub text: String,
}

/// `ai.generate`'s input: a prompt, or a template of the extension's
/// `prompts/` with variables. `"text".into()` is a bare prompt.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GenerateRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
}

impl GenerateRequest {
    pub fn template(name: &str, variables: Value) -> GenerateRequest {
        GenerateRequest { template: Some(name.to_string()), variables: Some(variables), ..Default::default() }
    }
}

impl From<&str> for GenerateRequest {
    fn from(prompt: &str) -> GenerateRequest {
        GenerateRequest { prompt: Some(prompt.to_string()), ..Default::default() }
    }
}

impl From<String> for GenerateRequest {
    fn from(prompt: String) -> GenerateRequest {
        GenerateRequest { prompt: Some(prompt), ..Default::default() }
    }
}

/// A model the registry knows (`ai.models.list`, `models.register`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    pub name: String,
    pub category: String,
    #[serde(default)]
    pub provider: Option<String>,
    #[serde(default)]
    pub local: bool,
    #[serde(default)]
    pub details: Value,
}

impl AiClient {
    pub(crate) fn new(library: Option<Uuid>) -> AiClient {
        AiClient { library, model: None }
    }

    /// Uses a model by name: `"photos_v1"` or `"face_detection:photos_v1"`
    /// (a model this extension registered, or any the registry offers).
    pub fn from_registered(mut self, model: &str) -> AiClient {
        self.model = Some(model.to_string());
        self
    }

    /// The pinned model for a call of `category`: `category:name` loses its
    /// prefix when it names that category.
    fn model_for(&self, category: &str) -> Option<String> {
        self.model.as_ref().map(|m| match m.split_once(':') {
            Some((c, name)) if c == category => name.to_string(),
            _ => m.clone(),
        })
    }

    fn call(&self, method: &str, category: &str, mut input: Map<String, Value>) -> Result<Value> {
        if let Some(model) = self.model_for(category) {
            input.insert("model".into(), json!(model));
        }
        call_value(method, self.library.as_ref(), &Value::Object(input))
    }

    fn decode<T: serde::de::DeserializeOwned>(method: &str, v: Value) -> Result<T> {
        serde_json::from_value(v).map_err(|e| Error::invalid(format!("unexpected answer from {}: {}", method, e)))
    }

    fn object(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    /// Text in an image (`ai.ocr`).
    pub async fn ocr(&self, image: impl Into<ImageInput>) -> Result<OcrResult> {
        self.ocr_in(image, None).await
    }

    /// `ai.ocr` with a language (`"eng"`).
    pub async fn ocr_in(&self, image: impl Into<ImageInput>, language: Option<&str>) -> Result<OcrResult> {
        let mut input = Self::object(json!({ "image": image.into().to_json() }));
        if let Some(l) = language {
            input.insert("language".into(), json!(l));
        }
        Self::decode("ai.ocr", self.call("ai.ocr", "ocr", input)?)
    }

    /// One vector per text (`ai.embed`). The vectors travel as base64 of their little-endian
    /// f32s (`"encoding_format": "base64"`): exact, and far cheaper for host and guest to write
    /// and read than hundreds of decimal numbers.
    pub async fn embed(&self, texts: &[&str]) -> Result<Embeddings> {
        let input = Self::object(json!({ "texts": texts, "encoding_format": "base64" }));
        let packed: PackedEmbeddings = Self::decode("ai.embed", self.call("ai.embed", "embedding", input)?)?;
        let mut vectors = Vec::with_capacity(packed.vectors.len());
        for text in &packed.vectors {
            let bytes = crate::base64::decode(text)?;
            if bytes.len() % 4 != 0 {
                return Err(Error::invalid("unexpected answer from ai.embed: a vector of partial f32s"));
            }
            vectors.push(bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect());
        }
        Ok(Embeddings { model: packed.model, dimension: packed.dimension, vectors })
    }

    /// Faces in an image (`ai.detect_faces`), the detector's default minimum score.
    pub async fn detect_faces(&self, image: impl Into<ImageInput>) -> Result<Vec<FaceDetection>> {
        let v = self.call("ai.detect_faces", "face_detection", Self::object(json!({ "image": image.into().to_json() })))?;
        Self::decode("ai.detect_faces", v["faces"].clone())
    }

    /// Faces scoring at least `min_score`.
    pub async fn detect_faces_above(&self, image: impl Into<ImageInput>, min_score: f32) -> Result<Vec<FaceDetection>> {
        let v = self.call("ai.detect_faces", "face_detection",
            Self::object(json!({ "image": image.into().to_json(), "min_score": min_score })))?;
        Self::decode("ai.detect_faces", v["faces"].clone())
    }

    /// The best of `labels` for `text`, with every label's score (`ai.classify_text`).
    pub async fn classify_text(&self, text: &str, labels: &[&str]) -> Result<Classification> {
        Self::decode("ai.classify_text",
            self.call("ai.classify_text", "classify_text", Self::object(json!({ "text": text, "labels": labels })))?)
    }

    /// Text from a language model (`ai.generate`).
    pub async fn generate(&self, request: impl Into<GenerateRequest>) -> Result<Generated> {
        let r = request.into();
        let mut input = Map::new();
        for (k, v) in [("prompt", r.prompt.map(Value::from)), ("template", r.template.map(Value::from)),
                       ("variables", r.variables), ("system", r.system.map(Value::from))] {
            if let Some(v) = v {
                input.insert(k.into(), v);
            }
        }
        let mut options = Map::new();
        if let Some(t) = r.temperature {
            options.insert("temperature".into(), json!(t));
        }
        if let Some(m) = r.max_tokens {
            options.insert("max_tokens".into(), json!(m));
        }
        if !options.is_empty() {
            input.insert("options".into(), Value::Object(options));
        }
        Self::decode("ai.generate", self.call("ai.generate", "llm", input)?)
    }

    /// The models the registry offers, of one category or all (`ai.models.list`).
    pub async fn models(&self, category: Option<&str>) -> Result<Vec<ModelInfo>> {
        let mut input = Map::new();
        if let Some(c) = category {
            input.insert("category".into(), json!(c));
        }
        let v = call_value("ai.models.list", self.library.as_ref(), &Value::Object(input))?;
        Self::decode("ai.models.list", v["models"].clone())
    }
}

/// Where a registered model comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelSource {
    /// Downloaded once by the host and checked against its SHA-256.
    Download { url: &'static str, sha256: &'static str },
    /// A file shipped in the extension's package (its path there).
    Bundled(String),
    /// A file on the host (host callers only: an extension is refused).
    Path(String),
    /// A model of a provider (`"ollama"`, …) by its id there.
    Provider { provider: String, model: String },
}

impl ModelSource {
    fn to_json(&self) -> Value {
        match self {
            ModelSource::Download { url, sha256 } => json!({"download": {"url": url, "sha256": sha256}}),
            ModelSource::Bundled(p) => json!({ "bundled": p }),
            ModelSource::Path(p) => json!({ "path": p }),
            ModelSource::Provider { provider, model } => json!({"provider": provider, "model": model}),
        }
    }
}

/// `ctx.models()`: registers models under this extension's names.
#[derive(Clone, Debug)]
pub struct ModelsClient {
    library: Option<Uuid>,
}

impl ModelsClient {
    pub(crate) fn new(library: Option<Uuid>) -> ModelsClient {
        ModelsClient { library }
    }

    /// `models.register`: `name` is this extension's (use it as
    /// `ai().from_registered("<category>:<name>")`).
    pub async fn register(&self, name: &str, category: &str, source: ModelSource) -> Result<ModelInfo> {
        let v = call_value("models.register", self.library.as_ref(),
            &json!({"name": name, "category": category, "source": source.to_json()}))?;
        AiClient::decode("models.register", v)
    }
}
