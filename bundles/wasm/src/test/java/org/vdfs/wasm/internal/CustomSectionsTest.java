package org.vdfs.wasm.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CustomSectionsTest {

    private static final byte[] PAYLOAD = "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MODULE = Wasm.withCustomSection(
            Wasm.withCustomSection(Wasm.wat(Wasm.GUEST), "other", "not this one"), "spacedrive.manifest", PAYLOAD);

    @Test
    void findsTheNamedSectionAfterOtherSections() {
        assertArrayEquals(PAYLOAD, CustomSections.find(MODULE, "spacedrive.manifest"));
        assertArrayEquals("not this one".getBytes(StandardCharsets.UTF_8), CustomSections.find(MODULE, "other"));
    }

    @Test
    void absentSectionIsNull() {
        assertNull(CustomSections.find(MODULE, "spacedrive"));
        assertNull(CustomSections.find(Wasm.wat(Wasm.MINIMAL), "spacedrive.manifest"));
    }

    @Test
    void emptyPayloadIsFoundAsEmpty() {
        byte[] module = Wasm.withCustomSection(Wasm.wat(Wasm.MINIMAL), "spacedrive.manifest", new byte[0]);
        assertArrayEquals(new byte[0], CustomSections.find(module, "spacedrive.manifest"));
    }

    @Test
    void nullAndTinyInputsAreNull() {
        assertNull(CustomSections.find(null, "spacedrive.manifest"));
        assertNull(CustomSections.find(new byte[] { 0, 'a', 's', 'm' }, "spacedrive.manifest"));
    }

    @Test
    void everyTruncationIsNullWithoutThrowing() {
        for (int len = 0; len < MODULE.length; len++) {
            byte[] cut = Arrays.copyOf(MODULE, len);
            assertNull(assertDoesNotThrow(() -> CustomSections.find(cut, "spacedrive.manifest")), "length " + len);
        }
    }

    @Test
    void sectionSizePastTheEndIsNull() {
        byte[] module = Wasm.wat(Wasm.MINIMAL);
        byte[] bad = Arrays.copyOf(module, module.length + 3);
        bad[module.length] = 0; // custom section
        bad[module.length + 1] = 0x7f; // claims 127 bytes
        bad[module.length + 2] = 1;
        assertNull(CustomSections.find(bad, "spacedrive.manifest"));
    }

    @Test
    void garbageNeverThrows() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] garbage = new byte[8 + random.nextInt(64)];
            random.nextBytes(garbage);
            if (i % 2 == 0) {
                System.arraycopy(MODULE, 0, garbage, 0, 8); // valid header, garbage sections
            }
            assertDoesNotThrow(() -> CustomSections.find(garbage, "spacedrive.manifest"), "case " + i);
        }
    }
}
