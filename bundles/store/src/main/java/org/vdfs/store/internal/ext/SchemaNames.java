package org.vdfs.store.internal.ext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The database names of an extension: one H2 user and one schema of the same
 * name, {@code EXT_<encoded id>}. Extension ids are {@code [a-z0-9][a-z0-9._-]*};
 * the encoding keeps letters and digits and spells {@code _} as {@code __},
 * {@code -} as {@code _h} and {@code .} as {@code _d}, so that two ids never
 * share a name ({@code a-b}, {@code a_b} and {@code a.b} stay apart). Very long
 * ids are cut and end in {@code _x} and a hash of the id.
 */
public record SchemaNames(String extensionId, String schema) {

    private static final int MAX_ENCODED = 100;

    public static SchemaNames of(String extensionId) {
        if (extensionId == null || !extensionId.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("not an extension id: `" + extensionId + "`");
        }
        StringBuilder encoded = new StringBuilder();
        for (char c : extensionId.toCharArray()) {
            switch (c) {
                case '_' -> encoded.append("__");
                case '-' -> encoded.append("_h");
                case '.' -> encoded.append("_d");
                default -> encoded.append(c);
            }
        }
        String name = encoded.length() <= MAX_ENCODED ? encoded.toString()
                : encoded.substring(0, 60) + "_x" + sha256(extensionId).substring(0, 16);
        return new SchemaNames(extensionId, ("ext_" + name).toUpperCase(Locale.ROOT));
    }

    /** The database user: the same name as the schema it owns. */
    public String user() {
        return schema;
    }

    /** The schema as a quoted SQL identifier (only [A-Z0-9_], so quoting is safe). */
    public String quoted() {
        return "\"" + schema + "\"";
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
