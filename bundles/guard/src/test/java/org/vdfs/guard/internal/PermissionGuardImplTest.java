package org.vdfs.guard.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.extension.Permissions;
import org.vdfs.api.guard.AuditEntry;
import org.vdfs.api.guard.GrantState;
import org.vdfs.api.guard.ResourceLimits;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.operation.OperationInfo;
import org.vdfs.api.operation.OperationKind;

class PermissionGuardImplTest {

    private static final UUID LIB_A = UUID.fromString("0e9ad9c3-6b5a-4c5b-9a44-5a4bcd1c0a01");
    private static final UUID LIB_B = UUID.fromString("0e9ad9c3-6b5a-4c5b-9a44-5a4bcd1c0a02");
    private static final Caller PHOTOS = Caller.extension("photos");

    @TempDir
    Path dir;

    private PermissionGuardImpl guard;

    /** A DS configuration without DS: every attribute not given takes its declared default. */
    static GuardConfig config(Map<String, Object> values) {
        return (GuardConfig) Proxy.newProxyInstance(GuardConfig.class.getClassLoader(),
                new Class<?>[] { GuardConfig.class },
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName())
                        : method.getDefaultValue());
    }

    private PermissionGuardImpl activate(Map<String, Object> values) throws IOException {
        PermissionGuardImpl g = new PermissionGuardImpl();
        g.activate(null, config(values)); // the context is only read when data_dir is blank
        return g;
    }

    @BeforeEach
    void start() throws IOException {
        guard = activate(Map.of("data_dir", dir.toString(), "call_deadline_ms", 1234L, "max_memory_mb_cap", 1024));
    }

    @AfterEach
    void stop() throws IOException {
        guard.deactivate();
    }

    private static Permissions permissions(List<String> methods, List<String> libraries, int perMinute, int memoryMb) {
        return new Permissions(methods, libraries, perMinute, 10, List.of(), memoryMb);
    }

    private static OperationInfo query(String name) {
        return new OperationInfo(name, OperationKind.QUERY, "", "test");
    }

    private static OperationInfo action(String name) {
        return new OperationInfo(name, OperationKind.ACTION, "", "test");
    }

    private OperationException refused(Caller caller, OperationInfo op, UUID library) {
        return assertThrows(OperationException.class, () -> guard.check(caller, op, library));
    }

    @Test
    void enrolledExtensionMayCallWhatItRequests() {
        guard.enroll("photos", permissions(List.of("vdfs.", "query:core."), List.of("*"), 1000, 512));
        assertDoesNotThrow(() -> guard.check(PHOTOS, action("vdfs.add_tag"), LIB_A));
        assertDoesNotThrow(() -> guard.check(PHOTOS, query("core.ping"), null));
    }

    @Test
    void callBeyondTheManifestIsRefusedAndAudited() {
        guard.enroll("photos", permissions(List.of("query:core."), List.of("*"), 1000, 512));
        OperationException e = refused(PHOTOS, action("vdfs.add_tag"), LIB_A);
        assertEquals(ErrorCodes.PERMISSION_DENIED, e.code());
        assertTrue(e.getMessage().contains("vdfs.add_tag"), e.getMessage());
        List<AuditEntry> audit = guard.audit("photos", 10);
        assertEquals(1, audit.size());
        assertEquals("vdfs.add_tag", audit.get(0).method());
        assertEquals(LIB_A, audit.get(0).libraryId());
        assertEquals(ErrorCodes.PERMISSION_DENIED, audit.get(0).code());
    }

    @Test
    void libraryOutsideTheManifestIsRefused() {
        guard.enroll("photos", permissions(List.of("vdfs."), List.of(LIB_A.toString()), 1000, 512));
        assertDoesNotThrow(() -> guard.check(PHOTOS, query("vdfs.query_entries"), LIB_A));
        OperationException e = refused(PHOTOS, query("vdfs.query_entries"), LIB_B);
        assertEquals(ErrorCodes.PERMISSION_DENIED, e.code());
        assertTrue(e.getMessage().contains(LIB_B.toString()), e.getMessage());
    }

    @Test
    void unenrolledExtensionIsRefused() {
        OperationException e = refused(Caller.extension("ghost"), query("core.ping"), null);
        assertEquals(ErrorCodes.PERMISSION_DENIED, e.code());
        assertEquals("ghost", guard.audit(null, 10).get(0).extensionId());
    }

    @Test
    void withdrawnExtensionIsRefused() {
        guard.enroll("photos", permissions(List.of("core."), List.of("*"), 1000, 512));
        guard.withdraw("photos");
        assertEquals(ErrorCodes.PERMISSION_DENIED, refused(PHOTOS, query("core.ping"), null).code());
    }

    @Test
    void hostCallersAreAlwaysAdmitted() {
        assertDoesNotThrow(() -> guard.check(Caller.host("shell"), action("anything.at_all"), LIB_B));
        assertEquals(List.of(), guard.audit(null, 10));
    }

    @Test
    void callsPastTheRateLimitAreRefusedWithItsOwnCode() {
        guard.enroll("photos", permissions(List.of("core."), List.of("*"), 3, 512));
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> guard.check(PHOTOS, query("core.ping"), null));
        }
        assertEquals(ErrorCodes.RATE_LIMITED, refused(PHOTOS, query("core.ping"), null).code());
        assertEquals(ErrorCodes.RATE_LIMITED, guard.audit("photos", 1).get(0).code());
    }

    @Test
    void revokeWithdrawsAPrefixAtOnce() throws OperationException {
        guard.enroll("photos", permissions(List.of("vdfs."), List.of("*"), 1000, 512));
        GrantState state = guard.revoke("photos", " action:vdfs. ");
        assertEquals(List.of("action:vdfs."), state.revoked());
        assertEquals(List.of("vdfs."), state.requested());
        assertEquals(ErrorCodes.PERMISSION_DENIED, refused(PHOTOS, action("vdfs.add_tag"), null).code());
        assertDoesNotThrow(() -> guard.check(PHOTOS, query("vdfs.query_entries"), null));
    }

    @Test
    void revokingTwiceKeepsOneEntry() throws OperationException {
        guard.enroll("photos", permissions(List.of("vdfs."), List.of("*"), 1000, 512));
        guard.revoke("photos", "vdfs.");
        assertEquals(List.of("vdfs."), guard.revoke("photos", "vdfs.").revoked());
    }

    @Test
    void blankRevocationIsRefused() {
        OperationException e = assertThrows(OperationException.class, () -> guard.revoke("photos", " "));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, e.code());
    }

    @Test
    void grantRestoresWhatWasRevoked() throws OperationException {
        guard.enroll("photos", permissions(List.of("vdfs."), List.of("*"), 1000, 512));
        guard.revoke("photos", "vdfs.add_tag");
        guard.revoke("photos", "vdfs.remove_tag");
        GrantState state = guard.grant("photos", "vdfs.add_tag");
        assertEquals(List.of("vdfs.remove_tag"), state.revoked());
        assertDoesNotThrow(() -> guard.check(PHOTOS, action("vdfs.add_tag"), null));
    }

    @Test
    void broadGrantClearsTheNarrowerRevocationsItCovers() throws OperationException {
        guard.enroll("photos", permissions(List.of("vdfs."), List.of("*"), 1000, 512));
        guard.revoke("photos", "vdfs.add_tag");
        guard.revoke("photos", "query:vdfs.");
        assertEquals(List.of(), guard.grant("photos", "vdfs.").revoked());
    }

    @Test
    void grantBeyondTheManifestIsRefusedNamingThePrefix() {
        guard.enroll("photos", permissions(List.of("query:vdfs."), List.of("*"), 1000, 512));
        OperationException e = assertThrows(OperationException.class, () -> guard.grant("photos", "vdfs."));
        assertEquals(ErrorCodes.PERMISSION_DENIED, e.code());
        assertTrue(e.getMessage().contains("`vdfs.`"), e.getMessage());
    }

    @Test
    void grantUnderABroaderRevocationIsRefused() throws OperationException {
        guard.enroll("photos", permissions(List.of("vdfs."), List.of("*"), 1000, 512));
        guard.revoke("photos", "vdfs.");
        OperationException e = assertThrows(OperationException.class, () -> guard.grant("photos", "vdfs.add_tag"));
        assertEquals(ErrorCodes.PERMISSION_DENIED, e.code());
        assertTrue(e.getMessage().contains("`vdfs.`"), e.getMessage());
        assertEquals(List.of("vdfs."), guard.grants("photos").revoked());
    }

    @Test
    void grantThatOnlyPartlyOverlapsARevocationIsRefused() throws OperationException {
        guard.enroll("photos", permissions(List.of("vdfs."), List.of("*"), 1000, 512));
        guard.revoke("photos", "vdfs.add_tag");
        OperationException e = assertThrows(OperationException.class, () -> guard.grant("photos", "action:vdfs."));
        assertTrue(e.getMessage().contains("partly overlaps the revocation `vdfs.add_tag`"), e.getMessage());
        assertEquals(List.of("vdfs.add_tag"), guard.grants("photos").revoked());
    }

    @Test
    void grantForAnUnenrolledExtensionIsRefused() {
        OperationException e = assertThrows(OperationException.class, () -> guard.grant("ghost", "vdfs."));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, e.code());
    }

    @Test
    void revocationsSurviveARestartOfTheGuard() throws IOException, OperationException {
        guard.enroll("photos", permissions(List.of("vdfs."), List.of("*"), 1000, 512));
        guard.revoke("photos", "action:vdfs.");
        guard.deactivate();
        assertTrue(Files.isRegularFile(dir.resolve("grants.json")));

        guard = activate(Map.of("data_dir", dir.toString()));
        guard.enroll("photos", permissions(List.of("vdfs."), List.of("*"), 1000, 512));
        assertEquals(ErrorCodes.PERMISSION_DENIED, refused(PHOTOS, action("vdfs.add_tag"), null).code());
    }

    @Test
    void auditSurvivesARestartOfTheGuard() throws IOException {
        refused(Caller.extension("ghost"), query("core.ping"), null);
        guard.deactivate();
        guard = activate(Map.of("data_dir", dir.toString()));
        assertEquals("core.ping", guard.audit("ghost", 10).get(0).method());
    }

    @Test
    void limitsAreTheManifestMemoryInPagesAndTheConfiguredDeadline() {
        guard.enroll("photos", permissions(List.of(), List.of("*"), 1000, 64));
        assertEquals(new ResourceLimits(64 * 16, Duration.ofMillis(1234)), guard.limits("photos"));
    }

    @Test
    void memoryIsCappedByTheConfiguration() {
        guard.enroll("photos", permissions(List.of(), List.of("*"), 1000, 100_000));
        assertEquals(1024 * 16, guard.limits("photos").maxMemoryPages());
    }

    @Test
    void unenrolledExtensionGetsTheDefaultMemory() {
        assertEquals(Permissions.DEFAULT_MAX_MEMORY_MB * 16, guard.limits("ghost").maxMemoryPages());
    }

    @Test
    void grantsReportRequestedRevokedAndLibraries() throws OperationException {
        guard.enroll("photos", permissions(List.of("vdfs.", "ai."), List.of(LIB_A.toString()), 1000, 512));
        guard.revoke("photos", "ai.");
        assertEquals(new GrantState("photos", List.of("vdfs.", "ai."), List.of("ai."), List.of(LIB_A.toString())),
                guard.grants("photos"));
    }
}
