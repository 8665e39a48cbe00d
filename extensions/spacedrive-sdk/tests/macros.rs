//! The macros' output, natively (no host): models split into data and blobs
//! and rebuilt from the store's JSON; tasks retried; errors typed.

use spacedrive_sdk::prelude::*;
use spacedrive_sdk::{Model, Scope, Task};

#[model(version = "2.0.0")]
#[scope = "content"]
#[sync_strategy = "shared"]
struct PhotoAnalysis {
    id: Uuid,
    faces: u32,
    #[blob_data(compression = "zstd", lazy = true)]
    embedding: Vec<f32>,
}

#[model]
struct Album {
    name: String,
    #[blob_data(lazy = false)]
    cover: Vec<u8>,
    id: Uuid,
}

#[test]
fn a_model_splits_into_inline_data_and_blobs() {
    assert_eq!(PhotoAnalysis::MODEL_TYPE, "PhotoAnalysis");
    assert_eq!(PhotoAnalysis::SCOPE, Scope::Content);
    assert_eq!(PhotoAnalysis::VERSION, "2.0.0");
    assert!(PhotoAnalysis::all_blobs_lazy());
    assert_eq!(Album::SCOPE, Scope::Standalone);
    assert!(!Album::all_blobs_lazy());

    let a = PhotoAnalysis { id: Uuid::nil(), faces: 2, embedding: vec![0.5, 0.25] };
    let (data, blobs) = a.to_parts().unwrap();
    assert_eq!(data, json!({"faces": 2}));
    assert_eq!(Value::Object(blobs), json!({"embedding": [0.5, 0.25]}));
}

#[test]
fn a_model_comes_back_from_the_store_with_or_without_its_blobs() {
    let uuid = "c1a0c1a0-0000-4000-8000-000000000001";
    let inline = json!({"uuid": uuid, "model_type": "PhotoAnalysis", "scope": "content",
                        "data": {"faces": 3}, "blob_keys": ["embedding"]});
    let a = PhotoAnalysis::from_stored(&inline).unwrap();
    assert_eq!(a.id.to_string(), uuid);
    assert_eq!(a.faces, 3);
    assert!(a.embedding.is_empty(), "not loaded");

    let loaded = json!({"uuid": uuid, "data": {"name": "Summer"}, "blobs": {"cover": {"bytes": "AAEC"}}});
    let album = Album::from_stored(&loaded).unwrap();
    assert_eq!(album.cover, vec![0, 1, 2]);
    assert_eq!(album.name, "Summer");

    let wrong = json!({"uuid": uuid, "data": {"faces": "many"}});
    let e = match PhotoAnalysis::from_stored(&wrong) {
        Err(e) => e,
        Ok(_) => panic!("a string is no u32"),
    };
    assert_eq!(e.kind(), &ErrorCode::InvalidPayload);
}

#[task(retries = 2, timeout_ms = 500)]
fn double(_ctx: &TaskContext, n: &u32) -> TaskResult<u32> {
    Ok(n * 2)
}

#[test]
fn a_task_declares_its_retries_and_timeout() {
    assert_eq!(<double as Task<(&u32,)>>::RETRIES, 2);
    assert_eq!(<double as Task<(&u32,)>>::TIMEOUT_MS, 500);
    assert_eq!(<double as Task<(&u32,)>>::NAME, "double");
}

#[test]
fn host_errors_keep_their_code_and_message() {
    let e = Error::new("permission_denied", "vdfs.query_entries is not granted");
    assert_eq!(e.kind(), &ErrorCode::PermissionDenied);
    assert_eq!(e.code(), "permission_denied");
    assert_eq!(e.message(), "vdfs.query_entries is not granted");
    assert_eq!(e.to_json(), json!({"code": "permission_denied", "message": "vdfs.query_entries is not granted"}));
    let other = Error::new("quota_exceeded", "x");
    assert_eq!(other.kind(), &ErrorCode::Other("quota_exceeded".into()));
    assert_eq!(other.code(), "quota_exceeded");
    // without a host, a call has no result
    let none = spacedrive_sdk::call_value("core.ping", None, &json!({})).unwrap_err();
    assert_eq!(none.kind(), &ErrorCode::NoResult);
}
