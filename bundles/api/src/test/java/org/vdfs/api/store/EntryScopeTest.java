package org.vdfs.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntryScopeTest {

    private static boolean globs(String glob, String path) {
        return new EntryScope(List.of(glob), null).allows("/lib", path);
    }

    @Test
    void globsMatchLocationRelativePaths() {
        assertTrue(globs("**/*.{jpg,png,heic}", "a.jpg"));
        assertTrue(globs("**/*.{jpg,png,heic}", "2024/06/IMG_1.HEIC"));
        assertFalse(globs("**/*.{jpg,png,heic}", "notes.txt"));
        assertFalse(globs("**/*.{jpg,png,heic}", "a.jpg.txt"));
        assertTrue(globs("*.txt", "a.txt"));
        assertFalse(globs("*.txt", "sub/a.txt"));
        assertTrue(globs("Photos/**", "Photos/x/y.jpg"));
        assertFalse(globs("Photos/**", "Other/x.jpg"));
        assertTrue(globs("/Photos/*", "Photos/x.jpg")); // a leading slash means the location's top
        assertTrue(globs("img?.[jp]ng", "img1.png"));
        assertFalse(globs("img?.[!p]ng", "img1.png"));
        assertTrue(globs("a+b (1).jpg", "a+b (1).jpg")); // regex characters are literal
        assertFalse(globs("a+b (1).jpg", "aab (1).jpg"));
    }

    @Test
    void foldersMatchAbsolutePathsAndBothMustHold() {
        EntryScope scope = new EntryScope(List.of("**/*.jpg"), List.of("/home/ann/My Photos/"));
        assertTrue(scope.allows("/home/ann/My Photos", "a.jpg"));
        assertTrue(scope.allows("/home/ann", "My Photos/2024/a.jpg"));
        assertFalse(scope.allows("/home/ann", "My Photos Old/a.jpg"));
        assertFalse(scope.allows("/home/ann/My Photos", "a.txt"));
        assertTrue(new EntryScope(null, List.of("/")).allows("/x", "y"));
    }

    @Test
    void locationsAreReachedWhenTheyOverlapAFolder() {
        EntryScope scope = new EntryScope(null, List.of("/home/ann/My Photos"));
        assertTrue(scope.reaches("/home/ann")); // the folder lies in it
        assertTrue(scope.reaches("/home/ann/My Photos/2024")); // it lies in the folder
        assertFalse(scope.reaches("/home/ann/Work"));
        assertFalse(scope.reaches("/home/ann/My Photos Old"));
        assertTrue(new EntryScope(List.of("*.jpg"), null).reaches("/anywhere"));
    }

    @Test
    void nullIsNoLimitAndEmptyIsNothing() {
        assertFalse(EntryScope.ALL.restricted());
        assertNull(EntryScope.ALL.globRegex());
        assertTrue(EntryScope.ALL.allows("/x", "anything"));
        EntryScope none = new EntryScope(List.of(), null);
        assertTrue(none.restricted());
        assertFalse(none.allows("/x", "a.jpg"));
        assertEquals("paths matching nothing", none.describe());
    }
}
