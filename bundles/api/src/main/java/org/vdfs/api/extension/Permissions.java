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
 */
public record Permissions(List<String> methods, List<String> libraries, int requestsPerMinute, int concurrentJobs,
        List<String> networkAccess, int maxMemoryMb) {

    public static final int DEFAULT_REQUESTS_PER_MINUTE = 1000;
    public static final int DEFAULT_CONCURRENT_JOBS = 10;
    public static final int DEFAULT_MAX_MEMORY_MB = 512;

    public Permissions {
        methods = List.copyOf(methods);
        libraries = List.copyOf(libraries);
        networkAccess = List.copyOf(networkAccess);
    }
}
