package org.vdfs.guard.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vdfs.api.extension.Permissions;
import org.vdfs.api.operation.OperationInfo;
import org.vdfs.api.operation.OperationKind;

class PolicyTest {

    private static final UUID LIB_A = UUID.fromString("0e9ad9c3-6b5a-4c5b-9a44-5a4bcd1c0a01");
    private static final UUID LIB_B = UUID.fromString("0e9ad9c3-6b5a-4c5b-9a44-5a4bcd1c0a02");

    private static Policy policy(List<String> methods, List<String> libraries, List<String> revoked) {
        return new Policy(new Permissions(methods, libraries, 1000, 10, List.of(), 512), revoked, 0);
    }

    private static OperationInfo query(String name) {
        return new OperationInfo(name, OperationKind.QUERY, "", "test");
    }

    private static OperationInfo action(String name) {
        return new OperationInfo(name, OperationKind.ACTION, "", "test");
    }

    @Test
    void allowsWhatTheManifestRequests() {
        Policy p = policy(List.of("vdfs.", "query:ai."), List.of("*"), List.of());
        assertTrue(p.allows(action("vdfs.add_tag")));
        assertTrue(p.allows(query("ai.ocr")));
        assertFalse(p.allows(action("ai.train")));
        assertFalse(p.allows(query("core.ping")));
    }

    @Test
    void requestingNothingAllowsNothing() {
        assertFalse(policy(List.of(), List.of("*"), List.of()).allows(query("core.ping")));
    }

    @Test
    void revocationWithdrawsPartOfARequest() {
        Policy p = policy(List.of("vdfs."), List.of("*"), List.of("action:vdfs."));
        assertTrue(p.allows(query("vdfs.query_entries")));
        assertFalse(p.allows(action("vdfs.add_tag")));
    }

    @Test
    void revocationsCanBeReplacedLater() {
        Policy p = policy(List.of("vdfs."), List.of("*"), List.of("vdfs.add_tag"));
        assertFalse(p.allows(action("vdfs.add_tag")));
        p.revoked(List.of());
        assertTrue(p.allows(action("vdfs.add_tag")));
        p.revoked(List.of("vdfs."));
        assertFalse(p.allows(query("vdfs.query_entries")));
    }

    @Test
    void revokingWhatWasNeverRequestedChangesNothing() {
        Policy p = policy(List.of("vdfs."), List.of("*"), List.of("ai."));
        assertTrue(p.allows(query("vdfs.query_entries")));
        assertFalse(p.allows(query("ai.ocr")));
    }

    @Test
    void starAllowsEveryLibrary() {
        Policy p = policy(List.of("vdfs."), List.of("*"), List.of());
        assertTrue(p.allowsLibrary(LIB_A));
        assertTrue(p.allowsLibrary(UUID.randomUUID()));
    }

    @Test
    void uuidListAllowsOnlyThoseLibraries() {
        Policy p = policy(List.of("vdfs."), List.of(LIB_A.toString()), List.of());
        assertTrue(p.allowsLibrary(LIB_A));
        assertFalse(p.allowsLibrary(LIB_B));
    }

    @Test
    void upperCaseUuidInTheManifestStillMatches() {
        Policy p = policy(List.of("vdfs."), List.of(LIB_A.toString().toUpperCase()), List.of());
        assertTrue(p.allowsLibrary(LIB_A));
    }

    @Test
    void callWithoutALibraryIsAlwaysAllowed() {
        assertTrue(policy(List.of("vdfs."), List.of(LIB_A.toString()), List.of()).allowsLibrary(null));
        assertTrue(policy(List.of("vdfs."), List.of(), List.of()).allowsLibrary(null));
    }

    @Test
    void noLibrariesMeansNoLibrary() {
        assertFalse(policy(List.of("vdfs."), List.of(), List.of()).allowsLibrary(LIB_A));
    }
}
