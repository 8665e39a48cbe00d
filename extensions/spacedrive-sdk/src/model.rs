//! Extension models (`#[model]`): rows of the store's `models` table, with
//! `#[blob_data]` fields kept apart in `metadata_blobs` and loaded lazily.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{Error, Result, Uuid};

/// What a model is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// A content identity: the same photo at two paths has one model.
    Content,
    /// Nothing: a person, an album.
    Standalone,
    /// One entry (device-specific).
    Entry,
}

impl Scope {
    pub fn as_str(&self) -> &'static str {
        match self {
            Scope::Content => "content",
            Scope::Standalone => "standalone",
            Scope::Entry => "entry",
        }
    }
}

/// A `#[blob_data(compression, lazy)]` field.
#[derive(Clone, Copy, Debug)]
pub struct BlobField {
    pub name: &'static str,
    /// Left out of reads until its accessor is awaited.
    pub lazy: bool,
    /// The store compresses every blob with zstd; kept for the manifest of the model.
    pub compression: &'static str,
}

/// Implemented by `#[model]`. The field `id: Uuid`, when present, holds the
/// model's uuid (it is not part of the stored data); blob fields are stored
/// apart and read as their `Default` until loaded.
pub trait Model: Serialize + DeserializeOwned {
    const MODEL_TYPE: &'static str;
    const SCOPE: Scope;
    const VERSION: &'static str;
    const BLOB_FIELDS: &'static [BlobField];
    /// `Some("id")` when the struct has an `id` field.
    const ID_FIELD: Option<&'static str>;

    /// The model's uuid (nil before it is created, or when it has no `id` field).
    fn model_uuid(&self) -> Uuid;

    /// Moves the blob fields of `other` into `self`.
    fn keep_blobs_from(&mut self, other: Self);

    /// True when every blob field is lazy: reads then leave blobs out.
    fn all_blobs_lazy() -> bool {
        Self::BLOB_FIELDS.iter().all(|b| b.lazy)
    }

    /// The inline data and the blob fields, as the store takes them.
    fn to_parts(&self) -> Result<(Value, Map<String, Value>)> {
        let mut data = match serde_json::to_value(self)? {
            Value::Object(map) => map,
            other => return Err(Error::invalid(format!("{} must serialise to an object, not {}", Self::MODEL_TYPE, other))),
        };
        if let Some(id) = Self::ID_FIELD {
            data.remove(id);
        }
        let mut blobs = Map::new();
        for field in Self::BLOB_FIELDS {
            if let Some(value) = data.remove(field.name) {
                blobs.insert(field.name.to_string(), value);
            }
        }
        Ok((Value::Object(data), blobs))
    }

    /// Rebuilds the model from the store's JSON (docs/store.md, "Models").
    fn from_stored(stored: &Value) -> Result<Self> {
        let mut data = match stored.get("data") {
            Some(Value::Object(map)) => map.clone(),
            _ => return Err(Error::invalid(format!("not a stored model: {}", stored))),
        };
        if let Some(id) = Self::ID_FIELD {
            data.insert(id.to_string(), stored.get("uuid").cloned().unwrap_or(Value::Null));
        }
        if let Some(Value::Object(blobs)) = stored.get("blobs") {
            for field in Self::BLOB_FIELDS {
                if let Some(blob) = blobs.get(field.name) {
                    data.insert(field.name.to_string(), blob_value(blob)?);
                }
            }
        }
        serde_json::from_value(Value::Object(data))
            .map_err(|e| Error::invalid(format!("stored {} does not fit the struct: {}", Self::MODEL_TYPE, e)))
    }
}

/// A blob as the store returns it: `{"json": v}` is `v`; `{"bytes": "<base64>"}`
/// is the array of its bytes (so that a `Vec<u8>` field reads it).
pub fn blob_value(blob: &Value) -> Result<Value> {
    if let Some(v) = blob.get("json") {
        return Ok(v.clone());
    }
    if let Some(Value::String(b64)) = blob.get("bytes") {
        let bytes = crate::base64::decode(b64)?;
        return Ok(Value::Array(bytes.into_iter().map(Value::from).collect()));
    }
    Err(Error::invalid(format!("not a blob: {}", blob)))
}
