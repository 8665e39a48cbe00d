package org.vdfs.api.store;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which entries a caller may see: entries whose path (relative to its location) matches
 * one of {@code globs}, and whose absolute path lies in one of {@code folders}. A
 * {@code null} list does not restrict; an empty list allows nothing.
 *
 * <p>Globs: {@code *} any characters but {@code /}, {@code **} any characters, {@code **}{@code /}
 * any number of folders (none too), {@code ?} one character but {@code /}, {@code {a,b}}
 * either, {@code [abc]} / {@code [!abc]} one of (not) these; matched case-insensitively,
 * since file name extensions come in both cases ({@code IMG_1.HEIC}).
 *
 * @param globs   patterns over the location-relative path ({@code 2024/paris.jpg}), or {@code null}
 * @param folders absolute folders (as a location's real path spells them), or {@code null}
 */
public record EntryScope(List<String> globs, List<String> folders) {

    /** No restriction: what a host caller and an extension without globs see. */
    public static final EntryScope ALL = new EntryScope(null, null);

    public EntryScope {
        globs = globs == null ? null : List.copyOf(globs);
        folders = folders == null ? null : folders.stream().map(EntryScope::folder).toList();
    }

    public boolean restricted() {
        return globs != null || folders != null;
    }

    /** One anchored Java regex over the relative path for {@link #globs}, or {@code null}. */
    public String globRegex() {
        if (globs == null) {
            return null;
        }
        if (globs.isEmpty()) {
            return "(?!)"; // matches nothing
        }
        StringBuilder out = new StringBuilder("(?i)^(?:");
        for (int i = 0; i < globs.size(); i++) {
            out.append(i == 0 ? "" : "|").append(globToRegex(globs.get(i)));
        }
        return out.append(")$").toString();
    }

    /** One anchored Java regex over the absolute path ({@code <location>/<path>}) for {@link #folders}, or {@code null}. */
    public String folderRegex() {
        if (folders == null) {
            return null;
        }
        if (folders.isEmpty()) {
            return "(?!)";
        }
        StringBuilder out = new StringBuilder("^(?:");
        for (int i = 0; i < folders.size(); i++) {
            String f = folders.get(i);
            out.append(i == 0 ? "" : "|").append(f.equals("/") ? "/.*" : Pattern.quote(f) + "(?:/.*)?");
        }
        return out.append(")$").toString();
    }

    /** Whether the entry at {@code relativePath} of the location at {@code locationPath} is in scope. */
    public boolean allows(String locationPath, String relativePath) {
        String glob = globRegex();
        if (glob != null && !Pattern.compile(glob).matcher(relativePath).matches()) {
            return false;
        }
        String folder = folderRegex();
        return folder == null || Pattern.compile(folder).matcher(absolute(locationPath, relativePath)).matches();
    }

    /**
     * Whether a location at {@code locationPath} may hold entries in scope, as far as the
     * folders tell: it lies in one of them, or one of them lies in it.
     */
    public boolean reaches(String locationPath) {
        if (folders == null) {
            return true;
        }
        String location = folder(locationPath);
        for (String f : folders) {
            if (f.equals("/") || location.equals(f) || location.startsWith(f + "/") || f.startsWith(location + "/")
                    || location.equals("/")) {
                return true;
            }
        }
        return false;
    }

    /** Says what the scope is, for error messages. */
    public String describe() {
        if (!restricted()) {
            return "every entry";
        }
        String g = globs == null ? "" : "paths matching " + (globs.isEmpty() ? "nothing" : String.join(" or ", globs));
        String f = folders == null ? "" : "in " + (folders.isEmpty() ? "no folder" : String.join(" or ", folders));
        return g.isEmpty() ? f : f.isEmpty() ? g : g + ", " + f;
    }

    private static String absolute(String locationPath, String relativePath) {
        return locationPath.endsWith("/") ? locationPath + relativePath : locationPath + "/" + relativePath;
    }

    private static String folder(String folder) {
        String f = Path.of(folder.trim()).normalize().toString();
        return f.length() > 1 && f.endsWith("/") ? f.substring(0, f.length() - 1) : f;
    }

    /** A glob as an unanchored regex body. */
    static String globToRegex(String glob) {
        String g = glob.trim();
        while (g.startsWith("/")) {
            g = g.substring(1); // relative paths have no leading slash
        }
        StringBuilder out = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < g.length() && g.charAt(i + 1) == '/') {
                            i++;
                            out.append("(?:.*/)?");
                        } else {
                            out.append(".*");
                        }
                    } else {
                        out.append("[^/]*");
                    }
                }
                case '?' -> out.append("[^/]");
                case '{' -> {
                    braces++;
                    out.append("(?:");
                }
                case '}' -> {
                    if (braces > 0) {
                        braces--;
                        out.append(')');
                    } else {
                        out.append("\\}");
                    }
                }
                case ',' -> out.append(braces > 0 ? "|" : ",");
                case '[' -> {
                    int end = g.indexOf(']', i + 2);
                    if (end < 0) {
                        out.append("\\[");
                    } else {
                        String set = g.substring(i + 1, end);
                        boolean negate = set.startsWith("!") || set.startsWith("^");
                        String body = (negate ? set.substring(1) : set).replace("\\", "\\\\").replace("[", "\\[");
                        out.append('[').append(negate ? "^/" : "").append(body).append(']');
                        i = end;
                    }
                }
                case '\\' -> {
                    if (i + 1 < g.length()) {
                        out.append(Pattern.quote(String.valueOf(g.charAt(++i))));
                    }
                }
                default -> out.append(Character.isLetterOrDigit(c) || c == '/' ? String.valueOf(c)
                        : Pattern.quote(String.valueOf(c)));
            }
        }
        while (braces-- > 0) {
            out.append(')'); // an unclosed brace: close it rather than fail the whole scope
        }
        return out.toString();
    }
}
