package org.vdfs.api.store;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/** One member of a collection: an entry, a content identity or a model, by uuid. */
public record CollectionItem(Kind kind, UUID target) {

    public enum Kind {
        ENTRY, CONTENT, MODEL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CollectionItem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
    }
}
