package org.chorus.server.web;

import org.chorus.federated.Coordinator;
import org.chorus.tracking.ModelRegistry;
import org.chorus.tracking.TrackingAccess;
import org.chorus.tracking.TrackingStore;

/**
 * The tracking, registry and federated services behind the registry and federated pages: the same instances the
 * MLflow and federated JSON routes use (opened once in {@code Wiring}), so a page and its API call check and read alike.
 */
public record MlViews(TrackingStore tracking, TrackingAccess access, ModelRegistry registry, Coordinator coordinator) {}
