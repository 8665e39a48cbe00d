package org.vdfs.guard.internal;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.vdfs.api.extension.Permissions;
import org.vdfs.api.operation.OperationInfo;

/** What one enrolled extension may do right now: its manifest's requests less the user's revocations. */
final class Policy {

    final Permissions permissions;
    final List<MethodPermission> requested;
    private volatile List<MethodPermission> revoked;
    final boolean allLibraries;
    final Set<UUID> libraries;
    final RateLimiter limiter;

    Policy(Permissions permissions, List<String> revoked, long nowNanos) {
        this.permissions = permissions;
        this.requested = permissions.methods().stream().map(MethodPermission::parse).toList();
        this.revoked = revoked.stream().map(MethodPermission::parse).toList();
        this.allLibraries = permissions.libraries().contains("*");
        this.libraries = permissions.libraries().stream().filter(l -> !l.equals("*")).map(Policy::uuidOrNull)
                .filter(u -> u != null).collect(Collectors.toUnmodifiableSet());
        this.limiter = new RateLimiter(permissions.requestsPerMinute(), nowNanos);
    }

    private static UUID uuidOrNull(String s) {
        try {
            return UUID.fromString(s.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    void revoked(List<String> revokedPrefixes) {
        this.revoked = revokedPrefixes.stream().map(MethodPermission::parse).toList();
    }

    boolean allows(OperationInfo operation) {
        boolean requestedIt = false;
        for (MethodPermission p : requested) {
            if (p.matches(operation)) {
                requestedIt = true;
                break;
            }
        }
        if (!requestedIt) {
            return false;
        }
        for (MethodPermission p : revoked) {
            if (p.matches(operation)) {
                return false;
            }
        }
        return true;
    }

    boolean allowsLibrary(UUID library) {
        return library == null || allLibraries || libraries.contains(library);
    }

    /** "vdfs.query_, ai." — what the extension holds now, for error messages. */
    String granted() {
        List<MethodPermission> r = revoked;
        String held = requested.stream().map(MethodPermission::text).collect(Collectors.joining(", "));
        return r.isEmpty() ? held : held + "; revoked: " + r.stream().map(MethodPermission::text).collect(Collectors.joining(", "));
    }
}
