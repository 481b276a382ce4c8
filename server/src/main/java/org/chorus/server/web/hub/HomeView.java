package org.chorus.server.web.hub;

import java.util.List;
import org.chorus.server.web.Shell;

/** The home page: the caller's repositories (empty when signed out), then recently updated models and datasets. */
public record HomeView(Shell shell, List<RepoRow> mine, List<RepoRow> models, List<RepoRow> datasets) {}
