package org.vdfs.guard.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.extension.Permissions;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.store.EntryScope;

/** Entry scopes (manifest globs, operator folders) and sidecar kinds. */
class ScopeTest {

    private static final Caller PHOTOS = Caller.extension("photos");

    @TempDir
    Path dir;

    private PermissionGuardImpl guard;

    @BeforeEach
    void start() throws IOException {
        guard = new PermissionGuardImpl();
        guard.activate(null, PermissionGuardImplTest.config(Map.of("data_dir", dir.toString())));
    }

    @AfterEach
    void stop() throws IOException {
        guard.deactivate();
    }

    private void enroll(List<String> globs, List<String> read, List<String> write) {
        guard.enroll("photos", new Permissions(List.of("vdfs."), List.of("*"), 1000, 10, List.of(), 512, globs, read,
                write));
    }

    @Test
    void globsOfTheManifestNarrowedByTheOperatorsFolders() {
        enroll(List.of("**/*.jpg"), null, null);
        EntryScope scope = guard.entryScope(PHOTOS);
        assertEquals(List.of("**/*.jpg"), scope.globs());
        assertNull(scope.folders());

        OperatorScope operator = new OperatorScope("photos", List.of("/home/ann/My Photos"));
        guard.addOperatorScope(operator);
        guard.addOperatorScope(new OperatorScope("other", List.of("/elsewhere")));
        scope = guard.entryScope(PHOTOS);
        assertTrue(scope.allows("/home/ann/My Photos", "a.jpg"));
        assertFalse(scope.allows("/home/ann/Work", "a.jpg"));
        guard.removeOperatorScope(operator);
        assertNull(guard.entryScope(PHOTOS).folders());

        assertFalse(guard.entryScope(Caller.host("shell")).restricted());
        assertFalse(guard.entryScope(Caller.extension("ghost")).allows("/x", "a.jpg")); // not running: nothing
    }

    @Test
    void noGlobsLeaveTheMethodPermissionToDecide() {
        enroll(null, null, null);
        assertFalse(guard.entryScope(PHOTOS).restricted());
        assertDoesNotThrow(() -> guard.checkSidecar(PHOTOS, "vdfs.write_sidecar", "anything", true, null));
    }

    @Test
    void sidecarKindsOutsideTheListsAreDeniedAndAudited() {
        enroll(null, List.of("exif"), List.of("faces", "places"));
        assertDoesNotThrow(() -> guard.checkSidecar(PHOTOS, "vdfs.read_sidecar", "exif", false, null));
        assertDoesNotThrow(() -> guard.checkSidecar(PHOTOS, "vdfs.read_sidecar", "faces", false, null)); // its own
        assertDoesNotThrow(() -> guard.checkSidecar(PHOTOS, "vdfs.write_sidecar", "places", true, null));
        OperationException write = assertThrows(OperationException.class,
                () -> guard.checkSidecar(PHOTOS, "vdfs.write_sidecar", "exif", true, null));
        assertEquals(ErrorCodes.PERMISSION_DENIED, write.code());
        assertTrue(write.getMessage().contains("WriteSidecars") && write.getMessage().contains("`exif`"),
                write.getMessage());
        OperationException read = assertThrows(OperationException.class,
                () -> guard.checkSidecar(PHOTOS, "vdfs.read_sidecar", "ocr", false, null));
        assertTrue(read.getMessage().contains("ReadSidecars"), read.getMessage());
        assertFalse(guard.maySidecar(PHOTOS, "ocr", false));
        assertEquals(2, guard.audit("photos", 10).size());
        assertEquals("vdfs.read_sidecar", guard.audit("photos", 10).get(0).method());

        OperationException outside = guard.outsideScope(PHOTOS, "ai.ocr", null, "entry 1 (a.txt)");
        assertEquals(ErrorCodes.PERMISSION_DENIED, outside.code());
        assertTrue(outside.getMessage().contains("ReadEntries"), outside.getMessage());
        assertEquals(3, guard.audit("photos", 10).size());
    }
}
