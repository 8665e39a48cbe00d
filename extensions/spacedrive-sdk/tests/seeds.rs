//! The seed spec's Photos example (shared/seeds/001), as written there, minus
//! its placeholders (`...`, `classify_scene`, `entry.read()`): it must
//! compile, and its `#[extension]` must give the manifest the spec implies.

use spacedrive_sdk::prelude::*;

#[derive(Serialize, Deserialize, Default)]
struct PhotosConfig {
    face_recognition: bool,
    model_selector: String,
}

#[extension(
    id = "com.spacedrive.photos",  // Unique reverse-DNS ID
    name = "Photos Manager",
    version = "1.0.0",
    description = "Advanced photo organization with faces and places.",
    min_core_version = "2.0.0",  // Minimum Spacedrive core version
    required_features = ["ai_models", "exif_extraction"],  // Core features needed
    permissions = [  // Requested permissions (user grants/scopes)
        Permission::ReadEntries(glob = "**/*.{jpg,png,heic}"),
        Permission::ReadSidecars(kinds = ["exif"]),
        Permission::WriteSidecars(kinds = ["faces", "places"]),
        Permission::WriteTags,
        Permission::UseModel(category = "face_detection", preference = "local"),
    ],
    jobs = [analyze_photos],
)]
struct Photos {
    config: PhotosConfig,  // User-configurable settings
}

/// Attached to content_identity (device-independent)
#[model(version = "1.0.0")]
#[scope = "content"]  // Scoped to content_identity
#[sync_strategy = "shared"]
struct PhotoAnalysis {
    id: Uuid,
    detected_faces: Vec<FaceDetection>,
    scene_tags: Vec<String>,
    identified_people: Vec<Uuid>,  // References Person models
}

#[model]
struct Person {
    id: Uuid,
    name: Option<String>,        // Inline in models.data (fast queries)
    photo_count: usize,          // Inline

    #[blob_data(compression = "zstd", lazy = true)]
    embeddings: Vec<Vec<f32>>,   // Stored in metadata_blobs table
}

#[task(retries = 3, timeout_ms = 30000)]
async fn detect_faces(ctx: &TaskContext, entry: &Entry) -> TaskResult<Vec<FaceDetection>> {
    let faces = ctx.ai()
        .from_registered("face_detection:photos_v1")
        .detect_faces(entry)
        .await?;
    Ok(faces)
}

#[job(parallelism = 4, trigger = "user_initiated")]
async fn analyze_photos(ctx: &JobContext, location: SdPath) -> JobResult<()> {
    // Get content UUIDs (not entry UUIDs!)
    let content_uuids = ctx.vdfs()
        .query_entries()
        .in_location(location)
        .of_type::<Image>()
        .map(|e| e.content_uuid())
        .collect()
        .await?;

    for content_uuid in content_uuids {
        // Check if already analyzed
        if ctx.vdfs().get_model_by_content::<PhotoAnalysis>(content_uuid).await.is_ok() {
            continue;
        }

        // Get an entry to read image data
        let entry = ctx.vdfs()
            .query_entries()
            .where_content_id(content_uuid)
            .on_this_device()
            .first()
            .await?;

        // Analyze
        let faces = ctx.run(detect_faces, (&entry,)).await?;

        // Create content-scoped model
        let analysis = PhotoAnalysis { id: Uuid::nil(), detected_faces: faces, scene_tags: Vec::new(), identified_people: Vec::new() };
        ctx.vdfs().create_model_for_content(content_uuid, analysis).await?;

        // Tag the content
        ctx.vdfs().add_tag_to_content(content_uuid, "#analyzed").await?;
    }

    Ok(())
}

#[allow(dead_code)]
async fn person_api(ctx: &JobContext, person: Person, person_uuid: Uuid) -> Result<()> {
    ctx.vdfs().create_model(person).await?;
    let people = ctx.vdfs()
        .query_models::<Person>()
        .select_inline_only()  // Don't load embeddings
        .collect()
        .await?;
    for p in people {
        let _embeddings = p.embeddings().await?;  // ← Loads from metadata_blobs
    }
    ctx.vdfs().add_tag_to_model(person_uuid, "#family").await?;
    Ok(())
}

#[test]
fn the_manifest_is_what_the_attribute_says() {
    let manifest: Value = serde_json::from_slice(&__SPACEDRIVE_MANIFEST).unwrap();
    assert_eq!(manifest["id"], "com.spacedrive.photos");
    assert_eq!(manifest["version"], "1.0.0");
    assert_eq!(manifest["min_core_version"], "2.0.0");
    assert_eq!(manifest["wasm_file"], "com.spacedrive.photos.wasm");
    assert_eq!(manifest["required_features"], json!(["ai_models", "exif_extraction"]));
    let p = &manifest["permissions"];
    assert_eq!(p["methods"], json!(["vdfs.query_entries", "vdfs.location_list", "vdfs.read_sidecar", "vdfs.write_sidecar",
        "vdfs.add_tag_to_content", "vdfs.add_tag_to_model", "vdfs.tags", "ai.detect_faces", "ai.models.list"]));
    assert_eq!(p["models"], json!([{"category": "face_detection", "preference": "local"}]));
    assert_eq!(p["entry_globs"], json!(["**/*.{jpg,png,heic}"]));
    assert_eq!(p["sidecars"], json!({"read": ["exif"], "write": ["faces", "places"]}));
    assert_eq!(p["libraries"], json!(["*"]));
    // plugin_init registers the listed job (natively the host refuses: 1)
    assert_eq!(plugin_init(), 1);
    let _ = Photos { config: PhotosConfig::default() }.config.face_recognition;
}
