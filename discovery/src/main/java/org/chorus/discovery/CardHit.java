package org.chorus.discovery;

import org.chorus.hub.repos.Repo;

/** A repository found by {@link Discovery#search}, with its score under the mode asked for (BM25, similarity or fused). */
public record CardHit(Repo repo, float score) {}
