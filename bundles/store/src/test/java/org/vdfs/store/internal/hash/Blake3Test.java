package org.vdfs.store.internal.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The native and the pure-Java BLAKE3 give the official test vectors' hashes and the same
 * bytes as each other on any input fed in any pieces: content uuids must not depend on which
 * one a machine uses.
 */
class Blake3Test {

    /** test_vectors.json of BLAKE3-team/BLAKE3: input i % 251, the first 32 bytes of "hash". */
    private static final Map<Integer, String> VECTORS = new TreeMap<>();

    static {
        String[] v = {
            "0", "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
            "1", "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213",
            "1023", "10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11",
            "1024", "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7",
            "1025", "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444",
            "2048", "e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a",
            "2049", "5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030",
            "3072", "b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd2",
            "3073", "7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3",
            "4096", "015094013f57a5277b59d8475c0501042c0b642e531b0a1c8f58d2163229e969",
            "4097", "9b4052b38f1c5fc8b1f9ff7ac7b27cd242487b3d890d15c96a1c25b8aa0fb995",
            "5120", "9cadc15fed8b5d854562b26a9536d9707cadeda9b143978f319ab34230535833",
            "5121", "628bd2cb2004694adaab7bbd778a25df25c47b9d4155a55f8fbd79f2fe154cff",
            "6144", "3e2e5b74e048f3add6d21faab3f83aa44d3b2278afb83b80b3c35164ebeca205",
            "6145", "f1323a8631446cc50536a9f705ee5cb619424d46887f3c376c695b70e0f0507f",
            "7168", "61da957ec2499a95d6b8023e2b0e604ec7f6b50e80a9678b89d2628e99ada77a",
            "7169", "a003fc7a51754a9b3c7fae0367ab3d782dccf28855a03d435f8cfe74605e7817",
            "8192", "aae792484c8efe4f19e2ca7d371d8c467ffb10748d8a5a1ae579948f718a2a63",
            "8193", "bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b",
            "16384", "f875d6646de28985646f34ee13be9a576fd515f76b5b0a26bb324735041ddde4",
            "31744", "62b6960e1a44bcc1eb1a611a8d6235b6b4b78f32e7abc4fb4c6cdcce94895c47",
            "102400", "bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085",
        };
        for (int i = 0; i < v.length; i += 2) {
            VECTORS.put(Integer.parseInt(v[i]), v[i + 1]);
        }
    }

    /** Where the build makes the library (Linux x86-64), it must load: else these tests compare Java with Java. */
    @Test
    void theNativeHasherIsUsedWhereTheBuildMadeIt() {
        boolean linuxX64 = System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").equals("amd64");
        if (linuxX64) {
            assertNull(NativeBlake3.problem());
            assertEquals("native", Blake3.implementation());
        } else {
            assertEquals("java", Blake3.implementation());
        }
    }

    @Test
    void officialVectors() {
        for (Map.Entry<Integer, String> v : VECTORS.entrySet()) {
            byte[] input = vectorInput(v.getKey());
            for (Supplier<Blake3Hasher> impl : implementations()) {
                String label = impl.get().getClass().getSimpleName() + " " + v.getKey();
                try (Blake3Hasher h = impl.get()) {
                    assertEquals(v.getValue(), h.update(input, 0, input.length).hexDigest(), label);
                }
                // in uneven pieces, through heap and direct buffers
                try (Blake3Hasher h = impl.get()) {
                    feed(h, input, new Random(v.getKey()), true);
                    assertEquals(v.getValue(), h.hexDigest(), label + " in pieces");
                }
            }
            assertEquals(v.getValue(), Blake3.hexHash(input), "one-shot " + v.getKey());
            assertEquals(v.getValue(), Blake3.hex(JavaBlake3.hash(input, 0, input.length)));
        }
    }

    @Test
    void nativeAndJavaAgreeOnRandomInputInRandomPieces() {
        Random random = new Random(20261122);
        List<Integer> lengths = new ArrayList<>(List.of(0, 1, 63, 64, 65, 1023, 1024, 1025, 16 * 1024 - 1,
                16 * 1024 + 1, 64 * 1024, 1 << 20, (1 << 20) + 4097, 3 * (1 << 20) + 1));
        for (int i = 0; i < 40; i++) {
            lengths.add(random.nextInt(300_000));
        }
        for (int length : lengths) {
            byte[] input = new byte[length];
            random.nextBytes(input);
            byte[] expected = JavaBlake3.hash(input, 0, length);
            assertArrayEquals(expected, Blake3.hash(input), "one-shot, length " + length);
            for (Supplier<Blake3Hasher> impl : implementations()) {
                try (Blake3Hasher h = impl.get()) {
                    feed(h, input, new Random(length), length < 100_000);
                    assertArrayEquals(expected, h.digest(), h.getClass().getSimpleName() + " length " + length);
                }
                try (Blake3Hasher h = impl.get()) { // whole, as an array and as a read-only heap buffer
                    assertArrayEquals(expected, h.update(input, 0, length).digest());
                    h.reset();
                    assertArrayEquals(expected, h.update(ByteBuffer.wrap(input).asReadOnlyBuffer()).digest());
                }
            }
        }
    }

    @Test
    void aRegionOfAnArrayAndTheRemainderOfABuffer() {
        byte[] input = vectorInput(102400);
        byte[] padded = new byte[input.length + 100];
        System.arraycopy(input, 0, padded, 37, input.length);
        String expected = VECTORS.get(102400);
        assertEquals(expected, Blake3.hex(Blake3.hash(padded, 37, input.length)));
        for (Supplier<Blake3Hasher> impl : implementations()) {
            try (Blake3Hasher h = impl.get()) {
                assertEquals(expected, h.update(padded, 37, input.length).hexDigest());
            }
            ByteBuffer direct = ByteBuffer.allocateDirect(padded.length).put(padded);
            try (Blake3Hasher h = impl.get()) {
                h.update(direct.position(37).limit(37 + input.length).slice().asReadOnlyBuffer());
                assertEquals(expected, h.hexDigest(), "a read-only slice of a direct buffer");
            }
            try (Blake3Hasher h = impl.get()) {
                ByteBuffer heap = ByteBuffer.wrap(padded, 37, input.length);
                h.update(heap);
                assertEquals(37 + input.length, heap.position(), "the buffer is consumed");
                assertEquals(expected, h.hexDigest());
                h.update(ByteBuffer.wrap(padded).asReadOnlyBuffer().position(37).limit(37 + input.length));
                h.reset();
                h.update(ByteBuffer.wrap(padded, 37, input.length).asReadOnlyBuffer());
                assertEquals(expected, h.hexDigest(), "a read-only heap buffer, after reset");
            }
        }
    }

    @Test
    void digestMidStreamThenContinue() {
        byte[] input = vectorInput(8193);
        for (Supplier<Blake3Hasher> impl : implementations()) {
            try (Blake3Hasher h = impl.get()) {
                h.update(input, 0, 4096);
                assertEquals(VECTORS.get(4096), h.hexDigest());
                h.update(input, 4096, 4097);
                assertEquals(VECTORS.get(8193), h.hexDigest());
            }
        }
    }

    @Test
    void badIndicesAndClosedHashersAreRefused() {
        byte[] input = new byte[10];
        for (Supplier<Blake3Hasher> impl : implementations()) {
            Blake3Hasher h = impl.get();
            assertThrows(IndexOutOfBoundsException.class, () -> h.update(input, 5, 6));
            assertThrows(IndexOutOfBoundsException.class, () -> h.update(input, -1, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> h.update(input, 2, -1));
            h.close();
            h.close(); // twice is harmless
            assertThrows(IllegalStateException.class, () -> h.update(input, 0, 1));
            assertThrows(IllegalStateException.class, h::digest);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> Blake3.hash(input, 8, 3));
    }

    private static List<Supplier<Blake3Hasher>> implementations() {
        List<Supplier<Blake3Hasher>> all = new ArrayList<>();
        all.add(JavaBlake3::new);
        if (NativeBlake3.problem() == null) {
            all.add(NativeBlake3::new);
        }
        return all;
    }

    private static byte[] vectorInput(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    /** Feeds the input in random pieces (small ones when asked), alternating arrays, heap and direct buffers. */
    private static void feed(Blake3Hasher h, byte[] input, Random random, boolean small) {
        int at = 0;
        int turn = 0;
        while (at < input.length) {
            int n = Math.min(input.length - at, 1 + random.nextInt(small ? 3000 : 400_000));
            switch (turn++ % 3) {
                case 0 -> h.update(input, at, n);
                case 1 -> h.update(ByteBuffer.wrap(input, at, n));
                default -> h.update(ByteBuffer.allocateDirect(n + 3).position(3).put(input, at, n).flip().position(3));
            }
            at += n;
        }
    }
}
