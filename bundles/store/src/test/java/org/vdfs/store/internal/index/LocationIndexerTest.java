package org.vdfs.store.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.store.ContentIds;
import org.vdfs.api.store.EntryInfo;
import org.vdfs.api.store.EntryQuery;
import org.vdfs.api.store.IndexListener;
import org.vdfs.api.store.IndexStats;
import org.vdfs.api.store.LocationInfo;
import org.vdfs.api.store.StoreException;
import org.vdfs.store.internal.StoreService;
import org.vdfs.store.internal.TestStores;

/**
 * Issue 3, acceptance 1 and 2, and resumption: a generated tree indexed into a real H2 library
 * file, changed on disk and indexed again, and a run interrupted and resumed from its checkpoint.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a symlink loop followed would hang
class LocationIndexerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DUPLICATE = "the same bytes at two paths".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private StoreService store;
    private LocationIndexerService indexer;
    private Path tree;
    /** Set when this JVM can read a chmod-000 file (root): then the indexer is told the file is unreadable. */
    private boolean privileged;

    @BeforeEach
    void start() throws Exception {
        store = TestStores.start(dir.resolve("store"));
        indexer = new LocationIndexerService(store);
        tree = Files.createDirectories(dir.resolve("tree"));
    }

    @AfterEach
    void stop() throws IOException {
        Path secret = tree.resolve("secret.bin");
        if (Files.exists(secret)) {
            Files.setPosixFilePermissions(secret, EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE)); // so that @TempDir can delete it
        }
        TestStores.stop(store);
    }

    /** Records every warning, and interrupts once {@code interruptAfter} entries were looked at (-1: never). */
    static final class Recorder implements IndexListener {
        final List<String> warnings = new ArrayList<>();
        final List<String> checkpoints = new ArrayList<>();
        long interruptAfter = -1;
        long asked;
        long walked;

        @Override
        public boolean interruptRequested() {
            return interruptAfter >= 0 && ++asked > interruptAfter;
        }

        @Override
        public boolean checkpoint(String state) {
            checkpoints.add(state);
            return true;
        }

        @Override
        public void warning(String message) {
            warnings.add(message);
        }

        @Override
        public void entriesWalked(long n) {
            walked += n;
        }
    }

    private static String blake3(byte[] bytes) {
        byte[] out = new byte[32];
        Blake3.initHash().update(bytes).doFinalize(out);
        return Hex.encodeHexString(out);
    }

    private static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    private static void sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), script + ": " + out);
    }

    /** The tree of acceptance 1. Returns the files (relative paths) whose content must be indexed. */
    private Map<String, byte[]> generateTree() throws Exception {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        files.put("a/b/c/deep.txt", "deep down\n".getBytes(StandardCharsets.UTF_8));
        files.put("a/dup1.bin", DUPLICATE);
        files.put("b2/dup2.bin", DUPLICATE);
        files.put("photos/eiffel.jpg", ExifJpeg.withExif(32, 24, 1, "TestCam", "T-1", "2024:06:01 12:34:56",
                48.858222, 2.2945));
        files.put("photos/sydney.jpg", ExifJpeg.withExif(40, 30, 2, "OtherCam", "O-2", "2023:01:15 08:00:00",
                -33.856784, 151.215297));
        files.put("photos/copy-of-eiffel.jpg", files.get("photos/eiffel.jpg"));
        files.put("photos/plain.jpg", ExifJpeg.plain(16, 16, 3));
        files.put("docs/report.pdf", "%PDF-1.7\n%...\n".getBytes(StandardCharsets.US_ASCII));
        files.put("docs/notes.md", "# notes\n".getBytes(StandardCharsets.UTF_8));
        files.put("docs/bundle.zip", new byte[] { 'P', 'K', 3, 4, 20, 0, 0, 0 });
        files.put("docs/README", "plain text without an extension\n".getBytes(StandardCharsets.UTF_8));
        files.put("docs/blob.dat", new byte[] { 0, 1, 2, 3, (byte) 0xFE, (byte) 0xFF });
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            write(tree.resolve(f.getKey()), f.getValue());
        }
        // unreadable: chmod 000 stops everyone but root
        Path secret = write(tree.resolve("secret.bin"), "top secret".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(secret, Set.of());
        try (InputStream in = Files.newInputStream(secret)) {
            in.read();
            privileged = true;
        } catch (AccessDeniedException e) {
            privileged = false;
        }
        if (privileged) {
            // Root reads a chmod-000 file. The indexer's file opener then reports it the way the
            // kernel would for anyone else, so that the warning-and-skip path is still exercised.
            IndexRun.Opener real = indexer.opener;
            indexer.opener = f -> {
                if (f.getFileName().toString().equals("secret.bin")) {
                    throw new AccessDeniedException(f.toString());
                }
                return real.open(f);
            };
        }
        // a symlink loop (a link to its own folder's parent) and a link to the root
        Files.createDirectories(tree.resolve("loop"));
        Files.createSymbolicLink(tree.resolve("loop/up"), Path.of(".."));
        Files.createSymbolicLink(tree.resolve("loop/root"), tree);
        // a name that is not valid UTF-8 (byte 0xFF), written by the shell since Java cannot name it
        sh("printf 'raw bytes' > \"$(printf '" + tree.resolve("docs") + "/bad\\377name.txt')\"");
        // a named pipe: opening it for reading would block forever
        sh("mkfifo '" + tree.resolve("docs/pipe") + "'");
        return files;
    }

    private Map<String, EntryInfo> entries(UUID location) throws StoreException {
        return indexer.queryEntries(null, new EntryQuery(location, null, null, null, null, null, 10_000, 0)).stream()
                .collect(Collectors.toMap(EntryInfo::path, Function.identity()));
    }

    @Test
    void indexesAGeneratedTree() throws Exception {
        Map<String, byte[]> files = generateTree();
        LocationInfo location = indexer.addLocation(null, tree);
        Recorder recorder = new Recorder();
        IndexStats stats = indexer.index(null, location.uuid(), null, recorder);
        assertTrue(stats.completed());
        assertNull(stats.state());

        Map<String, EntryInfo> entries = entries(location.uuid());
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            EntryInfo e = entries.get(f.getKey());
            assertNotNull(e, f.getKey() + " is indexed: " + entries.keySet());
            assertEquals("file", e.kind());
            assertEquals(f.getValue().length, e.sizeBytes());
            assertEquals(ContentIds.fromBlake3(blake3(f.getValue())), e.contentUuid(), f.getKey());
            assertEquals(f.getKey().substring(f.getKey().lastIndexOf('/') + 1), e.name());
            assertNotNull(e.modifiedAt());
        }
        assertEquals("directory", entries.get("a/b/c").kind());
        assertEquals("directory", entries.get("a").kind());
        // duplicates share one identity
        assertEquals(entries.get("a/dup1.bin").contentUuid(), entries.get("b2/dup2.bin").contentUuid());
        assertEquals(entries.get("photos/eiffel.jpg").contentUuid(), entries.get("photos/copy-of-eiffel.jpg").contentUuid());
        assertEquals(2, indexer.queryEntries(null, new EntryQuery(null, null, entries.get("a/dup1.bin").contentUuid(),
                null, null, null, 10, 0)).size());
        // one entry by its id, as the ai.* operations read images
        assertEquals(entries.get("photos/eiffel.jpg"), indexer.entry(null, entries.get("photos/eiffel.jpg").uuid()).orElseThrow());
        assertTrue(indexer.entry(null, UUID.randomUUID()).isEmpty());
        // content kinds from magic bytes and extensions
        assertEquals("image", entries.get("photos/plain.jpg").contentKind());
        assertEquals("document", entries.get("docs/report.pdf").contentKind());
        assertEquals("text", entries.get("docs/notes.md").contentKind());
        assertEquals("text", entries.get("docs/README").contentKind());
        assertEquals("archive", entries.get("docs/bundle.zip").contentKind());
        assertEquals("unknown", entries.get("docs/blob.dat").contentKind());
        // the loop: links recorded as links, not followed (no loop/up/loop/up/...)
        assertEquals("symlink", entries.get("loop/up").kind());
        assertEquals("symlink", entries.get("loop/root").kind());
        assertTrue(entries.keySet().stream().noneMatch(p -> p.startsWith("loop/up/") || p.startsWith("loop/root/")));
        // the name that is not UTF-8: recorded as Java decodes it, and its content read
        EntryInfo bad = entries.get("docs/bad\uFFFDname.txt");
        assertNotNull(bad, "the non-UTF-8 name: " + entries.keySet());
        assertEquals(ContentIds.fromBlake3(blake3("raw bytes".getBytes(StandardCharsets.US_ASCII))), bad.contentUuid());
        // unreadable: reported and skipped (recorded without content), the rest went on
        EntryInfo secret = entries.get("secret.bin");
        assertNotNull(secret);
        assertNull(secret.contentUuid());
        assertTrue(recorder.warnings.stream().anyMatch(w -> w.contains("secret.bin") && w.contains("cannot be read")),
                recorder.warnings.toString());
        // the pipe: reported and skipped, not opened
        assertFalse(entries.containsKey("docs/pipe"));
        assertTrue(recorder.warnings.stream().anyMatch(w -> w.contains("docs/pipe")), recorder.warnings.toString());
        assertEquals(2, stats.warnings(), recorder.warnings.toString());
        // every readable file hashed once, duplicates included (one hash per path)
        assertEquals(files.size() + 1, stats.filesHashed());
        assertEquals(entries.size(), stats.entriesAdded());

        // EXIF read back by metadata-extractor
        EntryInfo eiffel = entries.get("photos/eiffel.jpg");
        assertNotNull(eiffel.media());
        assertEquals(48.858222, eiffel.media().latitude(), 1e-5);
        assertEquals(2.2945, eiffel.media().longitude(), 1e-5);
        assertEquals(Instant.parse("2024-06-01T12:34:56Z"), eiffel.media().takenAt());
        assertEquals("TestCam", eiffel.media().cameraMake());
        assertEquals("T-1", eiffel.media().cameraModel());
        assertEquals(32, eiffel.media().width());
        assertEquals(24, eiffel.media().height());
        EntryInfo sydney = entries.get("photos/sydney.jpg");
        assertEquals(-33.856784, sydney.media().latitude(), 1e-5);
        assertEquals(151.215297, sydney.media().longitude(), 1e-5);
        assertFalse(entries.get("photos/plain.jpg").media().hasGps());

        // queries on the metadata
        Set<String> withGps = paths(new EntryQuery(null, null, null, true, null, null, 100, 0));
        assertEquals(Set.of("photos/copy-of-eiffel.jpg", "photos/eiffel.jpg", "photos/sydney.jpg"), withGps);
        assertEquals(Set.of("photos/copy-of-eiffel.jpg", "photos/eiffel.jpg"), paths(new EntryQuery(null, null, null,
                true, Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z"), 100, 0)));
        assertEquals(4, paths(new EntryQuery(location.uuid(), "image", null, null, null, null, 100, 0)).size());
        assertEquals(Set.of("loop/root", "loop/up"), paths(new EntryQuery(null, "symlink", null, null, null, null, 100, 0)));
        assertEquals(2, indexer.queryEntries(null, new EntryQuery(null, "image", null, null, null, null, 2, 1)).size());
        StoreException badKind = assertThrows(StoreException.class, () -> indexer.queryEntries(null,
                new EntryQuery(null, "spreadsheet", null, null, null, null, 10, 0)));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, badKind.code());
    }

    private Set<String> paths(EntryQuery query) throws StoreException {
        return indexer.queryEntries(null, query).stream().map(EntryInfo::path).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void reindexingFollowsChangesMovesAndDeletesWithoutRehashingUnchangedFiles() throws Exception {
        Map<String, byte[]> files = generateTree();
        LocationInfo location = indexer.addLocation(null, tree);
        IndexStats first = indexer.index(null, location.uuid(), null, new Recorder());
        assertTrue(first.completed());
        UUID sydneyContent = entries(location.uuid()).get("photos/sydney.jpg").contentUuid();

        // nothing changed: nothing is hashed
        IndexStats again = indexer.index(null, location.uuid(), null, new Recorder());
        assertEquals(0, again.filesHashed(), again.toString());
        assertEquals(0, again.entriesAdded() + again.entriesUpdated() + again.entriesDeleted(), again.toString());

        // change one file (new size), move one (same size and time), delete one, add one
        Files.write(tree.resolve("a/b/c/deep.txt"), "deeper, and longer\n".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(tree.resolve("moved"));
        Files.move(tree.resolve("photos/sydney.jpg"), tree.resolve("moved/harbour.jpg"));
        Files.delete(tree.resolve("a/dup1.bin"));
        write(tree.resolve("new/fresh.txt"), "fresh".getBytes(StandardCharsets.UTF_8));

        Recorder recorder = new Recorder();
        IndexStats second = indexer.index(null, location.uuid(), null, recorder);
        assertTrue(second.completed());
        // hashed: the changed file and the new one; the moved file kept its content without a hash
        assertEquals(2, second.filesHashed(), second.toString());
        assertEquals(1, second.filesMoved(), second.toString());
        assertEquals(2, second.entriesDeleted(), "a/dup1.bin and photos/sydney.jpg: " + second);

        Map<String, EntryInfo> entries = entries(location.uuid());
        assertEquals(sydneyContent, entries.get("moved/harbour.jpg").contentUuid());
        assertEquals(-33.856784, entries.get("moved/harbour.jpg").media().latitude(), 1e-5);
        assertEquals(ContentIds.fromBlake3(blake3("deeper, and longer\n".getBytes(StandardCharsets.UTF_8))),
                entries.get("a/b/c/deep.txt").contentUuid());
        assertEquals(ContentIds.fromBlake3(blake3(DUPLICATE)), entries.get("b2/dup2.bin").contentUuid());
        // the store matches the disk: the same paths (the pipe aside, which is skipped), sizes and kinds
        assertEquals(disk(), new TreeSet<>(entries.keySet()));
        for (EntryInfo e : entries.values()) {
            Path p = tree.resolve(e.path().replace("\uFFFD", "?"));
            if (!e.path().contains("\uFFFD")) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                assertEquals(a.isSymbolicLink() ? "symlink" : a.isDirectory() ? "directory" : "file", e.kind(), e.path());
                if (a.isRegularFile()) {
                    assertEquals(a.size(), e.sizeBytes(), e.path());
                }
            }
        }
        // a location folder given twice, a missing one and a relative one are refused
        StoreException twice = assertThrows(StoreException.class, () -> indexer.addLocation(null, tree));
        assertTrue(twice.getMessage().contains("already has"), twice.getMessage());
        assertThrows(StoreException.class, () -> indexer.addLocation(null, dir.resolve("missing")));
        assertThrows(StoreException.class, () -> indexer.addLocation(null, Path.of("relative/folder")));

        // one location's folder, without counting every location's entries
        assertEquals(java.util.Optional.of(tree.toRealPath()), indexer.locationFolder(null, location.uuid()));
        assertEquals(java.util.Optional.empty(), indexer.locationFolder(null, java.util.UUID.randomUUID()));

        // removing the location removes its entries
        assertEquals(entries.size(), indexer.locations(null).get(0).entries());
        indexer.removeLocation(null, location.uuid());
        assertEquals(java.util.Optional.empty(), indexer.locationFolder(null, location.uuid()));
        assertEquals(0, indexer.locations(null).size());
        assertEquals(0, indexer.queryEntries(null, EntryQuery.all(100)).size());
    }

    /** The paths on disk, as the indexer sees them (links not followed, pipes left out). */
    private Set<String> disk() throws IOException {
        Set<String> paths = new TreeSet<>();
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (!d.equals(tree)) {
                    paths.add(tree.relativize(d).toString());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                if (!attrs.isOther()) {
                    paths.add(tree.relativize(f).toString());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return paths;
    }

    @Test
    void anInterruptedRunResumesFromItsCheckpointWithoutRedoingWork() throws Exception {
        int files = 0;
        for (int d = 0; d < 6; d++) {
            for (int f = 0; f < 8; f++) {
                write(tree.resolve("dir" + d + "/sub/file" + f + ".txt"),
                        ("file " + d + "/" + f + "\n").getBytes(StandardCharsets.UTF_8));
                files++;
            }
        }
        int entriesOnDisk = files + 6 * 2; // dirN and dirN/sub
        LocationInfo location = indexer.addLocation(null, tree);

        Recorder first = new Recorder();
        first.interruptAfter = 20;
        IndexStats stopped = indexer.index(null, location.uuid(), null, first);
        assertFalse(stopped.completed());
        assertNotNull(stopped.state());
        assertEquals(stopped.state(), first.checkpoints.get(first.checkpoints.size() - 1),
                "the state returned is the last checkpoint");
        assertEquals("scan", JSON.readTree(stopped.state()).path("phase").asText());
        assertEquals(20, stopped.entriesWalked());
        assertTrue(stopped.filesHashed() > 0 && stopped.filesHashed() < files, stopped.toString());

        // a second run from that checkpoint (as after a crash or a pause) finishes the rest only
        Recorder second = new Recorder();
        IndexStats done = indexer.index(null, location.uuid(), stopped.state(), second);
        assertTrue(done.completed());
        assertEquals(files, stopped.filesHashed() + done.filesHashed(), "no file hashed twice: " + stopped + " " + done);
        assertEquals(entriesOnDisk, stopped.entriesWalked() + done.entriesWalked());
        assertEquals(0, done.entriesDeleted(), "what the first run did is kept, not swept as gone");
        assertEquals(entriesOnDisk, entries(location.uuid()).size());

        // a state from the cleanup phase resumes just the cleanup
        Files.delete(tree.resolve("dir0/sub/file0.txt"));
        Recorder third = new Recorder();
        third.interruptAfter = 1_000_000;
        IndexStats full = indexer.index(null, location.uuid(), null, third);
        assertEquals(1, full.entriesDeleted());
        String cleanup = third.checkpoints.stream().filter(s -> s.contains("\"cleanup\"")).findFirst().orElseThrow();
        IndexStats resumedCleanup = indexer.index(null, location.uuid(), cleanup, IndexListener.NONE);
        assertTrue(resumedCleanup.completed());
        assertEquals(0, resumedCleanup.entriesWalked());
        assertEquals(0, resumedCleanup.filesHashed());
        assertEquals(entriesOnDisk - 1, entries(location.uuid()).size());

        // a state of another location is refused
        assertNotEquals(location.uuid().toString(), UUID.randomUUID().toString());
        StoreException other = assertThrows(StoreException.class,
                () -> indexer.index(null, UUID.randomUUID(), stopped.state(), IndexListener.NONE));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, other.code());
    }

    @Test
    void walkOrderPutsAFolderBeforeItsContentAndSiblingsByName() {
        assertTrue(IndexRun.compareWalkOrder("a", "a/b") < 0);
        assertTrue(IndexRun.compareWalkOrder("a/z", "a-b") < 0, "everything under a comes before a-b");
        assertTrue(IndexRun.compareWalkOrder("b", "a/z/z") > 0);
        assertEquals(0, IndexRun.compareWalkOrder("x/y", "x/y"));
    }
}
