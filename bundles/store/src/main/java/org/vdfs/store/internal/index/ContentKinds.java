package org.vdfs.store.internal.index;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The kind of a file's content ({@code image}, {@code video}, {@code audio}, {@code document},
 * {@code text}, {@code archive}, {@code unknown}) and a MIME type, from its first bytes (magic
 * numbers) and its extension. Magic bytes win over the extension, except that a ZIP container
 * named like an office document is a document.
 */
final class ContentKinds {

    /** How many leading bytes {@link #detect} looks at. */
    static final int HEAD = 512;

    record Kind(String kind, String mime) {
    }

    private static final Kind UNKNOWN = new Kind("unknown", null);

    private static final Map<String, Kind> BY_EXTENSION = Map.ofEntries(
            Map.entry("jpg", new Kind("image", "image/jpeg")), Map.entry("jpeg", new Kind("image", "image/jpeg")),
            Map.entry("png", new Kind("image", "image/png")), Map.entry("gif", new Kind("image", "image/gif")),
            Map.entry("webp", new Kind("image", "image/webp")), Map.entry("heic", new Kind("image", "image/heic")),
            Map.entry("heif", new Kind("image", "image/heif")), Map.entry("tif", new Kind("image", "image/tiff")),
            Map.entry("tiff", new Kind("image", "image/tiff")), Map.entry("bmp", new Kind("image", "image/bmp")),
            Map.entry("svg", new Kind("image", "image/svg+xml")), Map.entry("dng", new Kind("image", "image/x-adobe-dng")),
            Map.entry("cr2", new Kind("image", "image/x-canon-cr2")), Map.entry("nef", new Kind("image", "image/x-nikon-nef")),
            Map.entry("mp4", new Kind("video", "video/mp4")), Map.entry("m4v", new Kind("video", "video/mp4")),
            Map.entry("mov", new Kind("video", "video/quicktime")), Map.entry("mkv", new Kind("video", "video/x-matroska")),
            Map.entry("webm", new Kind("video", "video/webm")), Map.entry("avi", new Kind("video", "video/x-msvideo")),
            Map.entry("mp3", new Kind("audio", "audio/mpeg")), Map.entry("m4a", new Kind("audio", "audio/mp4")),
            Map.entry("flac", new Kind("audio", "audio/flac")), Map.entry("ogg", new Kind("audio", "audio/ogg")),
            Map.entry("wav", new Kind("audio", "audio/wav")), Map.entry("aac", new Kind("audio", "audio/aac")),
            Map.entry("pdf", new Kind("document", "application/pdf")),
            Map.entry("doc", new Kind("document", "application/msword")),
            Map.entry("docx", new Kind("document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")),
            Map.entry("xls", new Kind("document", "application/vnd.ms-excel")),
            Map.entry("xlsx", new Kind("document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
            Map.entry("ppt", new Kind("document", "application/vnd.ms-powerpoint")),
            Map.entry("pptx", new Kind("document", "application/vnd.openxmlformats-officedocument.presentationml.presentation")),
            Map.entry("odt", new Kind("document", "application/vnd.oasis.opendocument.text")),
            Map.entry("ods", new Kind("document", "application/vnd.oasis.opendocument.spreadsheet")),
            Map.entry("epub", new Kind("document", "application/epub+zip")),
            Map.entry("rtf", new Kind("document", "application/rtf")),
            Map.entry("txt", new Kind("text", "text/plain")), Map.entry("md", new Kind("text", "text/markdown")),
            Map.entry("csv", new Kind("text", "text/csv")), Map.entry("json", new Kind("text", "application/json")),
            Map.entry("xml", new Kind("text", "application/xml")), Map.entry("html", new Kind("text", "text/html")),
            Map.entry("htm", new Kind("text", "text/html")), Map.entry("log", new Kind("text", "text/plain")),
            Map.entry("yaml", new Kind("text", "application/yaml")), Map.entry("yml", new Kind("text", "application/yaml")),
            Map.entry("java", new Kind("text", "text/x-java")), Map.entry("rs", new Kind("text", "text/x-rust")),
            Map.entry("py", new Kind("text", "text/x-python")), Map.entry("sh", new Kind("text", "text/x-shellscript")),
            Map.entry("zip", new Kind("archive", "application/zip")), Map.entry("jar", new Kind("archive", "application/java-archive")),
            Map.entry("gz", new Kind("archive", "application/gzip")), Map.entry("tgz", new Kind("archive", "application/gzip")),
            Map.entry("tar", new Kind("archive", "application/x-tar")), Map.entry("7z", new Kind("archive", "application/x-7z-compressed")),
            Map.entry("rar", new Kind("archive", "application/vnd.rar")), Map.entry("xz", new Kind("archive", "application/x-xz")),
            Map.entry("bz2", new Kind("archive", "application/x-bzip2")), Map.entry("zst", new Kind("archive", "application/zstd")));

    private ContentKinds() {
    }

    /**
     * @param name the file name (for its extension)
     * @param head the file's first bytes (up to {@link #HEAD}), {@code length} of them valid
     */
    static Kind detect(String name, byte[] head, int length) {
        Kind byName = BY_EXTENSION.getOrDefault(extension(name), UNKNOWN);
        Kind byMagic = magic(head, length);
        if (byMagic == null) {
            if (byName != UNKNOWN) {
                return byName;
            }
            return looksLikeText(head, length) ? new Kind("text", "text/plain") : UNKNOWN;
        }
        if (byMagic.mime().equals("application/zip") && byName.kind().equals("document")) {
            return byName; // docx, xlsx, odt, epub are ZIP containers
        }
        return byMagic;
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static Kind magic(byte[] b, int n) {
        if (starts(b, n, 0, 0xFF, 0xD8, 0xFF)) {
            return new Kind("image", "image/jpeg");
        }
        if (starts(b, n, 0, 0x89, 'P', 'N', 'G')) {
            return new Kind("image", "image/png");
        }
        if (ascii(b, n, 0, "GIF8")) {
            return new Kind("image", "image/gif");
        }
        if (starts(b, n, 0, 'I', 'I', 0x2A, 0x00) || starts(b, n, 0, 'M', 'M', 0x00, 0x2A)) {
            return new Kind("image", "image/tiff");
        }
        if (ascii(b, n, 0, "BM") && n >= 14) {
            return new Kind("image", "image/bmp");
        }
        if (ascii(b, n, 0, "RIFF") && n >= 12) {
            String form = new String(b, 8, 4, StandardCharsets.US_ASCII);
            switch (form) {
                case "WEBP":
                    return new Kind("image", "image/webp");
                case "WAVE":
                    return new Kind("audio", "audio/wav");
                case "AVI ":
                    return new Kind("video", "video/x-msvideo");
                default:
                    return null;
            }
        }
        if (ascii(b, n, 4, "ftyp") && n >= 12) {
            String brand = new String(b, 8, 4, StandardCharsets.US_ASCII);
            switch (brand) {
                case "heic", "heix", "mif1", "msf1", "avif":
                    return new Kind("image", brand.equals("avif") ? "image/avif" : "image/heic");
                case "M4A ", "M4B ":
                    return new Kind("audio", "audio/mp4");
                case "qt  ":
                    return new Kind("video", "video/quicktime");
                default:
                    return new Kind("video", "video/mp4");
            }
        }
        if (starts(b, n, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
            return new Kind("video", "video/x-matroska");
        }
        if (ascii(b, n, 0, "ID3") || starts(b, n, 0, 0xFF, 0xFB) || starts(b, n, 0, 0xFF, 0xF3)) {
            return new Kind("audio", "audio/mpeg");
        }
        if (ascii(b, n, 0, "fLaC")) {
            return new Kind("audio", "audio/flac");
        }
        if (ascii(b, n, 0, "OggS")) {
            return new Kind("audio", "audio/ogg");
        }
        if (ascii(b, n, 0, "%PDF")) {
            return new Kind("document", "application/pdf");
        }
        if (starts(b, n, 0, 0xD0, 0xCF, 0x11, 0xE0)) {
            return new Kind("document", "application/x-ole-storage"); // legacy Office
        }
        if (starts(b, n, 0, 'P', 'K', 3, 4)) {
            return new Kind("archive", "application/zip");
        }
        if (starts(b, n, 0, 0x1F, 0x8B)) {
            return new Kind("archive", "application/gzip");
        }
        if (starts(b, n, 0, '7', 'z', 0xBC, 0xAF)) {
            return new Kind("archive", "application/x-7z-compressed");
        }
        if (ascii(b, n, 0, "Rar!")) {
            return new Kind("archive", "application/vnd.rar");
        }
        if (starts(b, n, 0, 0xFD, '7', 'z', 'X', 'Z')) {
            return new Kind("archive", "application/x-xz");
        }
        if (ascii(b, n, 0, "BZh")) {
            return new Kind("archive", "application/x-bzip2");
        }
        if (starts(b, n, 0, 0x28, 0xB5, 0x2F, 0xFD)) {
            return new Kind("archive", "application/zstd");
        }
        if (n >= 262 && ascii(b, n, 257, "ustar")) {
            return new Kind("archive", "application/x-tar");
        }
        return null;
    }

    /** Non-empty, no NUL, and decodes as UTF-8 (a multi-byte character cut at the end is allowed). */
    private static boolean looksLikeText(byte[] b, int n) {
        if (n == 0) {
            return false;
        }
        int i = 0;
        while (i < n) {
            int c = b[i] & 0xff;
            if (c == 0) {
                return false;
            }
            int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
            if (extra < 0) {
                return false;
            }
            for (int k = 1; k <= extra; k++) {
                if (i + k >= n) {
                    return true;
                }
                if ((b[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
                return false;
            }
            i += extra + 1;
        }
        return true;
    }

    private static boolean starts(byte[] b, int n, int at, int... expected) {
        if (n < at + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((b[at + i] & 0xff) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] b, int n, int at, String expected) {
        if (n < at + expected.length()) {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            if (b[at + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
