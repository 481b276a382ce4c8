package org.chorus.discovery;

import java.util.function.Function;
import org.apache.lucene.search.IndexSearcher;

/**
 * One ecosystem's search index, as the explorers and the family tree read it: the live hub's ({@link Discovery}) or an
 * imported snapshot's ({@link Ecosystems#index}), both of {@link RepoDocuments}' schema. An imported snapshot's
 * documents are all public, owned by no account ({@code owner_id} empty), every author counted as an organisation.
 */
public interface EcosystemIndex {
    /** Runs {@code read} on the index as it is now; the searcher stays open until it returns. */
    <T> T read(Function<IndexSearcher, T> read);
}
