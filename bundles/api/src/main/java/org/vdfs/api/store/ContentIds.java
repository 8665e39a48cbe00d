package org.vdfs.api.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.UUID;

/**
 * Deterministic content uuids: every node derives the same uuid from the same
 * BLAKE3 hash, so content is recognised across devices without coordination.
 * The uuid is a name-based version 5 uuid (RFC 9562: SHA-1 over a namespace and
 * a name) in the namespace {@link #NAMESPACE}, the name being the hash as
 * lower-case hex.
 */
public final class ContentIds {

    /** The namespace of content uuids: chosen once, never to change, or every content uuid changes. */
    public static final UUID NAMESPACE = UUID.fromString("5b0b2a4e-4f5e-5a63-9d7b-6c3f0e2a9c11");

    private ContentIds() {
    }

    /** The content uuid of a BLAKE3 hash given as 64 hex digits (any case). */
    public static UUID fromBlake3(String blake3Hex) {
        String hex = blake3Hex.trim().toLowerCase(Locale.ROOT);
        if (!isHex64(hex)) {
            throw new IllegalArgumentException("a BLAKE3 hash is 64 hex digits, got `" + blake3Hex + "`");
        }
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
        sha1.update(toBytes(NAMESPACE));
        byte[] h = sha1.digest(hex.getBytes(StandardCharsets.US_ASCII));
        h[6] = (byte) ((h[6] & 0x0f) | 0x50); // version 5
        h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (h[i] & 0xff);
            lsb = (lsb << 8) | (h[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    /** Whether {@code s} is 64 lower-case hex digits (by hand: a regex costs more than the SHA-1 here). */
    private static boolean isHex64(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] toBytes(UUID uuid) {
        byte[] b = new byte[16];
        long msb = uuid.getMostSignificantBits();
        long lsb = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (msb >>> (56 - 8 * i));
            b[i + 8] = (byte) (lsb >>> (56 - 8 * i));
        }
        return b;
    }
}
