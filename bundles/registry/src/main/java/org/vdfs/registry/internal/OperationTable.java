package org.vdfs.registry.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vdfs.api.operation.MethodName;
import org.vdfs.api.operation.Operation;
import org.vdfs.api.operation.OperationInfo;

/**
 * The name → operation table. Reads are lock-free (an immutable map swapped on
 * change) because every guest host call looks a name up; writes happen only
 * when bundles come and go.
 */
final class OperationTable {

    /** A registered operation; {@code order} breaks ties between equal names (lower wins). */
    record Entry(OperationInfo info, Operation operation, long ranking, long order) {
    }

    private final Map<Object, Entry> byKey = new HashMap<>();
    private volatile Map<String, Entry> byName = Map.of();
    /** Wire spellings that named an operation, resolved once: names repeat on hot paths. */
    private final ConcurrentHashMap<String, Entry> resolved = new ConcurrentHashMap<>();

    /** @return the entry this one shadows or is shadowed by, for a warning; or {@code null} */
    synchronized Entry add(Object key, Entry entry) {
        byKey.put(key, entry);
        Entry previous = byName.get(entry.info().name());
        rebuild();
        return previous;
    }

    synchronized void remove(Object key) {
        if (byKey.remove(key) != null) {
            rebuild();
        }
    }

    private void rebuild() {
        Map<String, Entry> names = new HashMap<>();
        Comparator<Entry> preferred = Comparator.comparingLong((Entry e) -> -e.ranking()).thenComparingLong(Entry::order);
        for (Entry e : byKey.values()) {
            names.merge(e.info().name(), e, (a, b) -> preferred.compare(a, b) <= 0 ? a : b);
        }
        byName = Map.copyOf(names);
        resolved.clear();
    }

    Optional<Entry> resolve(String method) {
        Entry direct = byName.get(method);
        if (direct != null) {
            return Optional.of(direct);
        }
        Entry cached = resolved.get(method);
        if (cached != null && byName.get(cached.info().name()) == cached) { // not stale after a change
            return Optional.of(cached);
        }
        MethodName name = MethodName.parse(method);
        Entry e = byName.get(name.dotted());
        if (e == null || (name.kind() != null && name.kind() != e.info().kind())) {
            return Optional.empty(); // not cached: callers could fill the cache with made-up names
        }
        resolved.put(method, e);
        return Optional.of(e);
    }

    List<OperationInfo> list() {
        List<OperationInfo> infos = new ArrayList<>();
        for (Entry e : byName.values()) {
            infos.add(e.info());
        }
        infos.sort(Comparator.comparing(OperationInfo::name));
        return infos;
    }
}
