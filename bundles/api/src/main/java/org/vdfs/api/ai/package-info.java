/**
 * The AI registry and its providers. Providers are OSGi services registered
 * under one or more of the capability interfaces ({@link OcrProvider},
 * {@link EmbeddingProvider}, {@link FaceDetectionProvider},
 * {@link TextClassifierProvider}, {@link TextGenerationProvider}); the
 * registry ({@link AiRegistry}) picks one per call by model name or by
 * category and the caller's local/remote preference.
 */
@Export
@Version("1.0.0")
package org.vdfs.api.ai;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
