package org.chorus.discovery;

import java.util.List;
import java.util.Optional;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;

/**
 * The index's form of the hub's read rule ({@code hub.repos.Visibility}): site admins see everything, others public
 * repositories, their own and their organisations'. Memberships are read from SQL per search, so joining or
 * leaving an organisation changes what a search shows at once, with nothing to re-index.
 *
 * @param filter what the caller may read (null: everything)
 * @param privateOnes the private repositories among them (null: none), so that what the caller may read is exactly
 *                    {@link #PUBLIC} and these, two disjoint sets: public counts are shared, these counted per caller
 */
record Visible(Query filter, Query privateOnes) {
    static final Query PUBLIC = new TermQuery(new Term(RepoDocuments.PRIVATE, RepoDocuments.NO));
    private static final Query PRIVATE = new TermQuery(new Term(RepoDocuments.PRIVATE, RepoDocuments.YES));

    /** The filter for the caller, or null for a site admin. */
    static Query to(Database db, Optional<Principal> caller) {
        return of(db, caller).filter();
    }

    static Visible of(Database db, Optional<Principal> caller) {
        if (caller.map(Principal::siteAdmin).orElse(false)) {
            return new Visible(null, PRIVATE);
        }
        if (caller.isEmpty()) {
            return new Visible(PUBLIC, null);
        }
        String uid = caller.get().user().id();
        List<BytesRef> owners = new java.util.ArrayList<>(List.of(new BytesRef(uid)));
        db.withHandle(h -> h.createQuery("SELECT org_id FROM memberships WHERE user_id = :u").bind("u", uid).mapTo(String.class).list())
                .forEach(org -> owners.add(new BytesRef(org)));
        Query theirs = new TermInSetQuery(RepoDocuments.OWNER_ID, owners);
        return new Visible(new BooleanQuery.Builder().add(PUBLIC, Occur.SHOULD).add(theirs, Occur.SHOULD).setMinimumNumberShouldMatch(1).build(),
                new BooleanQuery.Builder().add(PRIVATE, Occur.FILTER).add(theirs, Occur.FILTER).build());
    }
}
