package org.chorus.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.TermQuery;
import org.chorus.hub.accounts.Principal;
import org.chorus.semantic.KeywordFields;
import org.chorus.semantic.SemanticSearch;

/**
 * The best cards of an ecosystem for a {@link CardQuery}, among those the caller may read: the live hub's search
 * ({@link Discovery#search}) and the search of an imported snapshot share it. {@code meaning} is the query's
 * embedding, null for a search by words only.
 */
public final class CardHits {
    private CardHits() {}

    public static List<CardHit> find(Ecosystem ecosystem, Optional<Principal> caller, CardQuery q, float[] meaning) {
        return ecosystem.read(caller, (view, visible) -> {
            BooleanQuery.Builder allowed = new BooleanQuery.Builder();
            q.type().ifPresent(t -> allowed.add(new TermQuery(new Term(RepoDocuments.KIND, t.wire())), Occur.FILTER));
            if (visible != null) {
                allowed.add(visible, Occur.FILTER);
            }
            BooleanQuery filter = allowed.build();
            try {
                List<SemanticSearch.Hit> hits = SemanticSearch.search(view.searcher, KeywordFields.query(q.text()), meaning,
                        filter.clauses().isEmpty() ? null : filter, q.mode(), q.limit());
                StoredFields stored = view.searcher.storedFields();
                List<CardHit> out = new ArrayList<>(hits.size());
                for (SemanticSearch.Hit hit : hits) {
                    var doc = stored.document(hit.doc(), Set.of(RepoDocuments.ID, RepoDocuments.ROW));
                    out.add(new CardHit(RepoDocuments.repo(doc.get(RepoDocuments.ID), doc.get(RepoDocuments.ROW)), hit.score()));
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
