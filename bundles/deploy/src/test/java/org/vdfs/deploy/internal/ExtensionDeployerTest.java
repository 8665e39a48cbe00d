package org.vdfs.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtensionDeployerTest {

    @TempDir
    Path dir;

    private final ExtensionDeployer deployer = new ExtensionDeployer();

    private boolean canHandle(String name, byte[] content) throws IOException {
        return deployer.canHandle(Packages.write(dir, name, content).toFile());
    }

    @Test
    void takesAWasmCarryingItsManifest() throws IOException {
        assertTrue(canHandle("photos.wasm", Packages.wasmWithManifest(Packages.MANIFEST)));
    }

    @Test
    void takesAZipHoldingManifestJson() throws IOException {
        assertTrue(canHandle("photos.zip", Packages.zip("manifest.json", Packages.MANIFEST, "photos.wasm", "\0asm")));
    }

    @Test
    void refusesAWasmCutShort() throws IOException {
        byte[] whole = Packages.wasmWithManifest(Packages.MANIFEST);
        for (int length : new int[] { 3, 8, 12, whole.length - 1 }) {
            assertFalse(canHandle("photos.wasm", Arrays.copyOf(whole, length)), "cut at " + length);
        }
    }

    @Test
    void refusesAZipCutShort() throws IOException {
        byte[] whole = Packages.zip("manifest.json", Packages.MANIFEST, "photos.wasm", "\0asm");
        assertFalse(canHandle("photos.zip", Arrays.copyOf(whole, whole.length - 10)));
        assertFalse(canHandle("photos.zip", Arrays.copyOf(whole, whole.length / 2)));
    }

    @Test
    void refusesAWasmWithoutTheManifestSection() throws IOException {
        assertFalse(canHandle("plain.wasm", Packages.wasmWithoutManifest()));
    }

    @Test
    void refusesAZipWithoutManifestJson() throws IOException {
        assertFalse(canHandle("other.zip", Packages.zip("readme.txt", "hello")));
    }

    @Test
    void refusesFilesOfOtherKinds() throws IOException {
        assertFalse(canHandle("photos.jar", Packages.wasmWithManifest(Packages.MANIFEST)));
        assertFalse(canHandle("notes.wasm", "not a module".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(canHandle("notes.zip", "not a zip".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(deployer.canHandle(dir.toFile()));
    }

    @Test
    void namesWhyAFileIsRefused() throws IOException {
        byte[] whole = Packages.wasmWithManifest(Packages.MANIFEST);
        String cut = DroppedPackage.problem(Packages.write(dir, "cut.wasm", Arrays.copyOf(whole, whole.length - 1)));
        assertTrue(cut.contains("still being written"), cut);
        assertNull(DroppedPackage.problem(Packages.write(dir, "ok.wasm", whole)));
    }
}
