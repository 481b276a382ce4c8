package org.chorus.discovery;

import java.util.List;
import java.util.Optional;
import org.chorus.hub.accounts.Principal;

/** Search by words, by meaning or both over one index of cards (the live hub's: {@link Discovery}). */
public interface CardSearch {
    /** The best cards for the query among those the caller may read, best first. */
    List<CardHit> search(Optional<Principal> caller, CardQuery query);
}
