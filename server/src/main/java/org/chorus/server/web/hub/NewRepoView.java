package org.chorus.server.web.hub;

import java.util.List;
import org.chorus.server.web.Shell;

/**
 * {@code /new}: owners the caller may create under (themselves and organisations where they may write), the licences
 * offered, the values typed so far and the server's message when the last try was refused ({@code error}, shown next
 * to {@code errorField}).
 */
public record NewRepoView(Shell shell, List<String> owners, List<String> licenses, String owner, String type, String name,
                          boolean isPrivate, String license, String error, String errorField) {}
