package org.vdfs.api.extension;

import java.util.List;

/**
 * The {@code permissions} object of a manifest, with the ABI's defaults applied.
 *
 * @param methods           method prefixes, dotted ({@code vdfs.}) or wire form ({@code query:})
 * @param libraries         library UUIDs, or {@code *} for all (the default)
 * @param requestsPerMinute rate limit (default 1000)
 * @param concurrentJobs    jobs that may run at once (default 10)
 * @param networkAccess     hosts the extension may reach through the host (none by default)
 * @param maxMemoryMb       linear memory cap (default 512)
 * @param entryGlobs        {@code entry_globs}: the entries the extension may see, or {@code null}
 *                          when the manifest names none (then its method permissions alone decide)
 * @param sidecarRead       {@code sidecars.read}: kinds it may read, or {@code null} when not given
 * @param sidecarWrite      {@code sidecars.write}: kinds it may write (and read), or {@code null} when not given
 */
public record Permissions(List<String> methods, List<String> libraries, int requestsPerMinute, int concurrentJobs,
        List<String> networkAccess, int maxMemoryMb, List<String> entryGlobs, List<String> sidecarRead,
        List<String> sidecarWrite) {

    public static final int DEFAULT_REQUESTS_PER_MINUTE = 1000;
    public static final int DEFAULT_CONCURRENT_JOBS = 10;
    public static final int DEFAULT_MAX_MEMORY_MB = 512;

    public Permissions {
        methods = List.copyOf(methods);
        libraries = List.copyOf(libraries);
        networkAccess = List.copyOf(networkAccess);
        entryGlobs = entryGlobs == null ? null : List.copyOf(entryGlobs);
        sidecarRead = sidecarRead == null ? null : List.copyOf(sidecarRead);
        sidecarWrite = sidecarWrite == null ? null : List.copyOf(sidecarWrite);
    }

    /** Permissions without entry globs or sidecar kinds (method permissions alone decide). */
    public Permissions(List<String> methods, List<String> libraries, int requestsPerMinute, int concurrentJobs,
            List<String> networkAccess, int maxMemoryMb) {
        this(methods, libraries, requestsPerMinute, concurrentJobs, networkAccess, maxMemoryMb, null, null, null);
    }
}
