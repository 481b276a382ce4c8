package org.chorus.discovery;

import java.io.IOException;
import java.util.Optional;
import org.apache.lucene.search.Query;
import org.chorus.hub.accounts.Principal;

/**
 * The repositories an explorer studies, as Lucene documents of {@link RepoDocuments}' schema: the live hub's search
 * index ({@link Discovery}), or an index built from an imported snapshot of another hub ({@link Ecosystems}). The
 * explorers and the family trees read only through this, never through SQL, so one explorer serves both; an
 * {@link EcosystemChoice} picks one by the name an {@code ecosystem} parameter gives.
 */
public interface Ecosystem {
    /** The live hub's name as the {@code ecosystem} parameter gives it (the default). */
    String HUB = "hub";

    /**
     * Runs {@code read} on a view of this ecosystem's current documents; {@code visible} is the filter of what the
     * caller may read (null: everything), which every query of {@code read} must carry.
     */
    <T> T read(Optional<Principal> caller, Read<T> read);

    @FunctionalInterface
    interface Read<T> {
        T apply(SearchIndex.View view, Query visible) throws IOException;
    }
}
