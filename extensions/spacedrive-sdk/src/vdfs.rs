//! `ctx.vdfs()`: the store's `vdfs.*` operations (docs/store.md) and the
//! extension's own tables (`ext.sql.*`), typed.

use std::marker::PhantomData;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::context::call_value;
use crate::model::{Model, Scope};
use crate::{Error, Result, Uuid};

/// Client for the store, in one library (`None`: the default library).
#[derive(Clone, Debug)]
pub struct VdfsClient {
    library: Option<Uuid>,
}

impl VdfsClient {
    pub fn new(library: Option<Uuid>) -> VdfsClient {
        VdfsClient { library }
    }

    fn call(&self, method: &str, input: Value) -> Result<Value> {
        call_value(method, self.library.as_ref(), &input)
    }

    fn decode<T: serde::de::DeserializeOwned>(method: &str, value: Value) -> Result<T> {
        serde_json::from_value(value).map_err(|e| Error::invalid(format!("unexpected answer from {}: {}", method, e)))
    }

    // ---- entries ---------------------------------------------------------

    /// Entries of the library, filtered by the builder's methods.
    pub fn query_entries(&self) -> EntryQuery {
        EntryQuery { client: self.clone(), filter: Map::new() }
    }

    /// The locations (indexed folders) of the library.
    pub async fn locations(&self) -> Result<Vec<Location>> {
        Self::decode("vdfs.location_list", self.call("vdfs.location_list", json!({}))?)
    }

    // ---- models ----------------------------------------------------------

    /// Creates a model attached to content (same photo at two paths: one model).
    pub async fn create_model_for_content<M: Model>(&self, content_uuid: Uuid, model: M) -> Result<M> {
        self.create(model, Scope::Content, Some(("content_uuid", content_uuid)))
    }

    /// Creates a model attached to one entry (device-specific).
    pub async fn create_model_for_entry<M: Model>(&self, entry_uuid: Uuid, model: M) -> Result<M> {
        self.create(model, Scope::Entry, Some(("entry_uuid", entry_uuid)))
    }

    /// Creates a standalone model (a person, an album).
    pub async fn create_model<M: Model>(&self, model: M) -> Result<M> {
        self.create(model, Scope::Standalone, None)
    }

    fn create<M: Model>(&self, model: M, scope: Scope, anchor: Option<(&str, Uuid)>) -> Result<M> {
        if M::SCOPE != scope {
            return Err(Error::invalid(format!("{} is declared with scope \"{}\", not \"{}\"", M::MODEL_TYPE, M::SCOPE.as_str(), scope.as_str())));
        }
        let (data, blobs) = model.to_parts()?;
        let mut input = json!({"model_type": M::MODEL_TYPE, "scope": scope.as_str(), "data": data});
        if let Some((key, uuid)) = anchor {
            input[key] = json!(uuid);
        }
        if !blobs.is_empty() {
            let wrapped: Map<String, Value> = blobs.into_iter().map(|(k, v)| (k, json!({ "json": v }))).collect();
            input["blobs"] = Value::Object(wrapped);
        }
        let stored = self.call("vdfs.create_model", input)?;
        // The store answers inline data only: keep the blob values we sent.
        let mut back = M::from_stored(&stored)?;
        back.keep_blobs_from(model);
        Ok(back)
    }

    /// The model `uuid` of this extension, with its blob fields loaded unless
    /// they are all `lazy`. `not_found` when there is none.
    pub async fn get_model<M: Model>(&self, uuid: Uuid) -> Result<M> {
        let value = self.call("vdfs.get_model", json!({"uuid": uuid, "select_inline_only": M::all_blobs_lazy()}))?;
        if value.is_null() {
            return Err(Error::not_found(format!("no {} {}", M::MODEL_TYPE, uuid)));
        }
        M::from_stored(&value)
    }

    /// This extension's model of type `M` on `content_uuid`. `not_found` when there is none.
    pub async fn get_model_by_content<M: Model>(&self, content_uuid: Uuid) -> Result<M> {
        let value = self.call("vdfs.get_model_by_content",
            json!({"model_type": M::MODEL_TYPE, "content_uuid": content_uuid, "select_inline_only": M::all_blobs_lazy()}))?;
        if value.is_null() {
            return Err(Error::not_found(format!("no {} on content {}", M::MODEL_TYPE, content_uuid)));
        }
        M::from_stored(&value)
    }

    /// This extension's models of type `M`, oldest first.
    pub fn query_models<M: Model>(&self) -> ModelQuery<M> {
        ModelQuery { client: self.clone(), inline_only: M::all_blobs_lazy(), model: PhantomData }
    }

    /// One blob field of a model, decoded: what `#[blob_data(lazy)]` accessors call.
    pub async fn load_model_blob<T: serde::de::DeserializeOwned>(&self, model_uuid: Uuid, key: &str) -> Result<T> {
        let value = self.call("vdfs.load_model_blob", json!({"model_uuid": model_uuid, "key": key}))?;
        let json = crate::model::blob_value(&value)?;
        Self::decode("vdfs.load_model_blob", json)
    }

    // ---- tags --------------------------------------------------------------

    /// Tags content: every entry holding it shows the tag. Returns the content's tags.
    pub async fn add_tag_to_content(&self, content_uuid: Uuid, tag: &str) -> Result<Vec<String>> {
        let v = self.call("vdfs.add_tag_to_content", json!({"content_uuid": content_uuid, "tag": tag}))?;
        Self::decode("vdfs.add_tag_to_content", v["tags"].clone())
    }

    /// Tags one of this extension's models. Returns the model's tags.
    pub async fn add_tag_to_model(&self, model_uuid: Uuid, tag: &str) -> Result<Vec<String>> {
        let v = self.call("vdfs.add_tag_to_model", json!({"model_uuid": model_uuid, "tag": tag}))?;
        Self::decode("vdfs.add_tag_to_model", v["tags"].clone())
    }

    /// The seeds' `add_tag(id, tag)`: tags a model of this extension.
    pub async fn add_tag(&self, model_uuid: Uuid, tag: &str) -> Result<Vec<String>> {
        self.add_tag_to_model(model_uuid, tag).await
    }

    pub async fn tags_of_content(&self, content_uuid: Uuid) -> Result<Vec<String>> {
        self.tags(json!({ "content_uuid": content_uuid }))
    }

    /// An entry's tags and its content's.
    pub async fn tags_of_entry(&self, entry_uuid: Uuid) -> Result<Vec<String>> {
        self.tags(json!({ "entry_uuid": entry_uuid }))
    }

    pub async fn tags_of_model(&self, model_uuid: Uuid) -> Result<Vec<String>> {
        self.tags(json!({ "model_uuid": model_uuid }))
    }

    /// The content carrying `tag`.
    pub async fn content_with_tag(&self, tag: &str) -> Result<Vec<Uuid>> {
        let v = self.call("vdfs.tags", json!({ "tag": tag }))?;
        Self::decode("vdfs.tags", v["content_uuids"].clone())
    }

    fn tags(&self, input: Value) -> Result<Vec<String>> {
        let v = self.call("vdfs.tags", input)?;
        Self::decode("vdfs.tags", v["tags"].clone())
    }

    // ---- collections ---------------------------------------------------------

    pub async fn create_collection(&self, name: &str) -> Result<Collection> {
        Self::decode("vdfs.collection_create", self.call("vdfs.collection_create", json!({ "name": name }))?)
    }

    /// Adds an entry, content or model (adding twice keeps one).
    pub async fn add_to_collection(&self, collection_uuid: Uuid, item: CollectionItem) -> Result<CollectionItem> {
        let mut input = json!({ "collection_uuid": collection_uuid });
        input[item.key()] = json!(item.uuid);
        Self::decode("vdfs.collection_add", self.call("vdfs.collection_add", input)?)
    }

    /// The items of a collection, in the order added.
    pub async fn collection_items(&self, collection_uuid: Uuid) -> Result<Vec<CollectionItem>> {
        Self::decode("vdfs.collection_items", self.call("vdfs.collection_items", json!({ "collection_uuid": collection_uuid }))?)
    }

    // ---- sidecars ----------------------------------------------------------------

    /// Writes (replaces) the sidecar `kind` of content or an entry: a JSON
    /// object or array. Needs `WriteSidecars(kinds = [...])` naming `kind`.
    pub async fn write_sidecar<T: Serialize>(&self, target: SidecarTarget, kind: &str, document: &T) -> Result<Sidecar> {
        let mut input = target.input(kind);
        input["document"] = serde_json::to_value(document)?;
        Self::decode("vdfs.write_sidecar", self.call("vdfs.write_sidecar", input)?)
    }

    /// Deletes the sidecar `kind` attached to exactly this target; `false` when there was none.
    pub async fn delete_sidecar(&self, target: SidecarTarget, kind: &str) -> Result<bool> {
        let mut input = target.input(kind);
        input["document"] = Value::Null;
        let v = self.call("vdfs.write_sidecar", input)?;
        Ok(v["deleted"].as_bool().unwrap_or(false))
    }

    /// The sidecar `kind` (for an entry: its own, else its content's), or
    /// `None`. Kind `"exif"` is what the indexer read from the image.
    pub async fn read_sidecar(&self, target: SidecarTarget, kind: &str) -> Result<Option<Sidecar>> {
        let v = self.call("vdfs.read_sidecar", target.input(kind))?;
        if v.is_null() {
            return Ok(None);
        }
        Self::decode("vdfs.read_sidecar", v).map(Some)
    }

    /// The document of the sidecar `kind`, decoded; `None` when there is none.
    pub async fn read_sidecar_as<T: serde::de::DeserializeOwned>(&self, target: SidecarTarget, kind: &str) -> Result<Option<T>> {
        match self.read_sidecar(target, kind).await? {
            Some(sidecar) => Self::decode("vdfs.read_sidecar", sidecar.document.unwrap_or(Value::Null)).map(Some),
            None => Ok(None),
        }
    }

    /// The sidecars (without documents) of content, or of an entry and its
    /// content, that this extension may read.
    pub async fn sidecar_kinds(&self, target: SidecarTarget) -> Result<Vec<Sidecar>> {
        let input = match target {
            SidecarTarget::Content(uuid) => json!({ "content_uuid": uuid }),
            SidecarTarget::Entry(uuid) => json!({ "entry_uuid": uuid }),
        };
        Self::decode("vdfs.read_sidecar", self.call("vdfs.read_sidecar", input)?)
    }

    // ---- own tables ------------------------------------------------------------

    /// The extension's own SQL tables (its `migrations/`).
    pub fn sql(&self) -> Sql {
        Sql { client: self.clone() }
    }
}

/// `vdfs.query_entries` as a builder; finish with `collect`, `first` or `map`.
#[derive(Clone, Debug)]
pub struct EntryQuery {
    client: VdfsClient,
    filter: Map<String, Value>,
}

impl EntryQuery {
    /// Entries of one location.
    pub fn in_location(mut self, location: impl IntoLocationId) -> EntryQuery {
        self.filter.insert("in_location".into(), json!(location.location_id()));
        self
    }

    /// Entries of a kind: `of_type::<Image>()`, `of_type::<Directory>()`…
    pub fn of_type<K: EntryKind>(self) -> EntryQuery {
        self.of_kind(K::KIND)
    }

    /// Entries of a kind by name (`file`, `directory`, `symlink`, `image`, `video`…).
    pub fn of_kind(mut self, kind: &str) -> EntryQuery {
        self.filter.insert("of_kind".into(), json!(kind));
        self
    }

    /// Every entry holding this content.
    pub fn where_content_id(mut self, content_uuid: Uuid) -> EntryQuery {
        self.filter.insert("content_uuid".into(), json!(content_uuid));
        self
    }

    pub fn on_this_device(mut self) -> EntryQuery {
        self.filter.insert("on_this_device".into(), json!(true));
        self
    }

    pub fn has_gps(mut self, has: bool) -> EntryQuery {
        self.filter.insert("has_gps".into(), json!(has));
        self
    }

    /// Captured at or after this ISO-8601 instant.
    pub fn taken_after(mut self, instant: &str) -> EntryQuery {
        self.filter.insert("taken_after".into(), json!(instant));
        self
    }

    /// Captured before this ISO-8601 instant.
    pub fn taken_before(mut self, instant: &str) -> EntryQuery {
        self.filter.insert("taken_before".into(), json!(instant));
        self
    }

    pub fn limit(mut self, limit: u32) -> EntryQuery {
        self.filter.insert("limit".into(), json!(limit));
        self
    }

    pub fn offset(mut self, offset: u32) -> EntryQuery {
        self.filter.insert("offset".into(), json!(offset));
        self
    }

    /// Maps each entry once collected: `.map(|e| e.content_uuid()).collect().await`.
    pub fn map<T, F: FnMut(Entry) -> T>(self, f: F) -> MappedEntryQuery<F> {
        MappedEntryQuery { query: self, f }
    }

    pub async fn collect(self) -> Result<Vec<Entry>> {
        let v = self.client.call("vdfs.query_entries", Value::Object(self.filter))?;
        VdfsClient::decode("vdfs.query_entries", v)
    }

    /// The first entry; `not_found` when none matches.
    pub async fn first(mut self) -> Result<Entry> {
        self.filter.insert("limit".into(), json!(1));
        self.collect().await?.into_iter().next().ok_or_else(|| Error::not_found("no entry matches the query"))
    }
}

/// An entry query with a mapping, from [`EntryQuery::map`].
pub struct MappedEntryQuery<F> {
    query: EntryQuery,
    f: F,
}

impl<T, F: FnMut(Entry) -> T> MappedEntryQuery<F> {
    pub async fn collect(self) -> Result<Vec<T>> {
        let f = self.f;
        Ok(self.query.collect().await?.into_iter().map(f).collect())
    }
}

/// Accepted by `in_location`: a location's uuid, an [`SdPath`], a [`Location`].
pub trait IntoLocationId {
    fn location_id(&self) -> Uuid;
}

impl IntoLocationId for Uuid {
    fn location_id(&self) -> Uuid {
        *self
    }
}

impl IntoLocationId for SdPath {
    fn location_id(&self) -> Uuid {
        self.location
    }
}

impl IntoLocationId for Location {
    fn location_id(&self) -> Uuid {
        self.uuid
    }
}

impl<T: IntoLocationId> IntoLocationId for &T {
    fn location_id(&self) -> Uuid {
        (*self).location_id()
    }
}

/// A path in the VDFS: a location and a path relative to it (`""`: the location itself).
/// As job parameters: `{"location": "<uuid>", "path": "2024"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SdPath {
    pub location: Uuid,
    #[serde(default)]
    pub path: String,
}

impl SdPath {
    pub fn location(location: Uuid) -> SdPath {
        SdPath { location, path: String::new() }
    }
}

/// Kinds for [`EntryQuery::of_type`].
pub trait EntryKind {
    const KIND: &'static str;
}

macro_rules! kinds {
    ($($name:ident => $kind:literal),*) => {$(
        #[doc = concat!("Entries of kind `", $kind, "`.")]
        pub struct $name;
        impl EntryKind for $name {
            const KIND: &'static str = $kind;
        }
    )*};
}

kinds!(File => "file", Directory => "directory", Symlink => "symlink", Image => "image", Video => "video",
    Audio => "audio", Document => "document", Text => "text", Archive => "archive");

/// An indexed file, folder or link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub uuid: Uuid,
    pub location_uuid: Uuid,
    pub path: String,
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub size_bytes: u64,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub modified_at: Option<String>,
    #[serde(default)]
    pub indexed_at: Option<String>,
    #[serde(default, rename = "content_uuid")]
    pub content: Option<Uuid>,
    #[serde(default)]
    pub content_kind: Option<String>,
    #[serde(default)]
    pub media: Option<Media>,
}

impl Entry {
    pub fn uuid(&self) -> Uuid {
        self.uuid
    }

    /// The content's uuid; nil for folders, links and unreadable files (see `content`).
    pub fn content_uuid(&self) -> Uuid {
        self.content.unwrap_or_default()
    }

    /// Its place in the VDFS.
    pub fn sd_path(&self) -> SdPath {
        SdPath { location: self.location_uuid, path: self.path.clone() }
    }
}

/// What the store read from an image (EXIF).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Media {
    pub taken_at: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub camera_make: Option<String>,
    pub camera_model: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub uuid: Uuid,
    pub name: String,
    pub path: String,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub entries: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Collection {
    pub uuid: Uuid,
    pub name: String,
    #[serde(default)]
    pub created_at: Option<String>,
}

/// A member of a collection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionItem {
    pub kind: ItemKind,
    pub uuid: Uuid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Entry,
    Content,
    Model,
}

impl CollectionItem {
    pub fn entry(uuid: Uuid) -> CollectionItem {
        CollectionItem { kind: ItemKind::Entry, uuid }
    }

    pub fn content(uuid: Uuid) -> CollectionItem {
        CollectionItem { kind: ItemKind::Content, uuid }
    }

    pub fn model(uuid: Uuid) -> CollectionItem {
        CollectionItem { kind: ItemKind::Model, uuid }
    }

    fn key(&self) -> &'static str {
        match self.kind {
            ItemKind::Entry => "entry_uuid",
            ItemKind::Content => "content_uuid",
            ItemKind::Model => "model_uuid",
        }
    }
}

/// What a sidecar is attached to: content (every entry holding it sees the
/// sidecar) or one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SidecarTarget {
    Content(Uuid),
    Entry(Uuid),
}

impl SidecarTarget {
    fn input(&self, kind: &str) -> Value {
        match self {
            SidecarTarget::Content(uuid) => json!({ "content_uuid": uuid, "kind": kind }),
            SidecarTarget::Entry(uuid) => json!({ "entry_uuid": uuid, "kind": kind }),
        }
    }
}

/// A sidecar as the store answers it (docs/store.md, "Sidecars"); `document`
/// is `None` in listings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sidecar {
    pub kind: String,
    /// `"content"` or `"entry"`: which one holds it.
    pub scope: String,
    #[serde(default)]
    pub content_uuid: Option<Uuid>,
    #[serde(default)]
    pub entry_uuid: Option<Uuid>,
    #[serde(default)]
    pub document: Option<Value>,
    pub written_by: String,
    #[serde(default)]
    pub size_bytes: u64,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// `query_models::<M>()`: finish with `collect`.
pub struct ModelQuery<M> {
    client: VdfsClient,
    inline_only: bool,
    model: PhantomData<M>,
}

impl<M: Model> ModelQuery<M> {
    /// Leaves blob fields out (they read as their default until loaded).
    pub fn select_inline_only(mut self) -> ModelQuery<M> {
        self.inline_only = true;
        self
    }

    /// Loads blob fields too, lazy or not.
    pub fn with_blobs(mut self) -> ModelQuery<M> {
        self.inline_only = false;
        self
    }

    pub async fn collect(self) -> Result<Vec<M>> {
        let v = self.client.call("vdfs.query_models", json!({"model_type": M::MODEL_TYPE, "select_inline_only": self.inline_only}))?;
        match v {
            Value::Array(items) => items.iter().map(M::from_stored).collect(),
            other => Err(Error::invalid(format!("vdfs.query_models answered {}", other))),
        }
    }
}

/// `ext.sql.*`: statements on the extension's own schema.
pub struct Sql {
    client: VdfsClient,
}

/// Rows of a query: column labels as the database reports them, rows of JSON values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    #[serde(default)]
    pub truncated: bool,
}

impl Sql {
    /// One SELECT with `?` parameters (`params`: a tuple, array or `Vec` of values).
    pub async fn query<P: Serialize>(&self, sql: &str, params: P) -> Result<Rows> {
        let v = self.client.call("ext.sql.query", json!({"sql": sql, "params": Self::params(params)?}))?;
        VdfsClient::decode("ext.sql.query", v)
    }

    /// One change (INSERT, UPDATE, DELETE, DDL); returns the rows updated.
    pub async fn execute<P: Serialize>(&self, sql: &str, params: P) -> Result<u64> {
        let v = self.client.call("ext.sql.execute", json!({"sql": sql, "params": Self::params(params)?}))?;
        v["updated"].as_u64().ok_or_else(|| Error::invalid(format!("ext.sql.execute answered {}", v)))
    }

    fn params<P: Serialize>(params: P) -> Result<Value> {
        match serde_json::to_value(params)? {
            Value::Null => Ok(json!([])),
            a @ Value::Array(_) => Ok(a),
            single => Ok(json!([single])),
        }
    }
}

#[cfg(test)]
mod sidecar_tests {
    use super::*;

    #[test]
    fn targets_name_their_field_and_answers_decode_as_documented() {
        let uuid: Uuid = serde_json::from_value(json!("9e2f0000-0000-4000-8000-000000000001")).unwrap();
        assert_eq!(SidecarTarget::Content(uuid).input("faces"), json!({"content_uuid": uuid, "kind": "faces"}));
        assert_eq!(SidecarTarget::Entry(uuid).input("ocr"), json!({"entry_uuid": uuid, "kind": "ocr"}));
        // docs/store.md, "Sidecars"
        let answer = json!({"kind": "faces", "scope": "content", "content_uuid": uuid,
            "document": {"faces": [{"x": 12, "y": 40}]}, "written_by": "photos", "size_bytes": 27,
            "updated_at": "2026-11-22T05:00:00Z"});
        let sidecar: Sidecar = serde_json::from_value(answer).unwrap();
        assert_eq!(sidecar.content_uuid, Some(uuid));
        assert_eq!(sidecar.entry_uuid, None);
        assert_eq!(sidecar.document.unwrap()["faces"][0]["y"], json!(40));
        let listed: Vec<Sidecar> = serde_json::from_value(json!([{"kind": "exif", "scope": "entry",
            "entry_uuid": uuid, "written_by": "core", "size_bytes": 160, "updated_at": "x"}])).unwrap();
        assert!(listed[0].document.is_none());
    }
}
