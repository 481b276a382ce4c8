package org.chorus.server.web.hub;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.hub.repos.FileViews;
import org.chorus.server.web.Shell;

/**
 * A file at a revision. {@code kind} says which of the bodies is shown: numbered text {@code lines}, an image from
 * {@code rawHref}, a safetensors {@code tensors} summary, a {@code table} preview, or only a note ({@code note}) for
 * files too large or not text. {@code editHref} is there for a text file shown on a branch the caller may write.
 */
public record BlobView(Shell shell, RepoHeader header, RevSelector revs, List<Crumb> crumbs, String name, String size,
                       boolean lfs, boolean xet, String sha256, String rawHref, String downloadHref, String historyHref, Kind kind,
                       List<String> lines, Safetensors tensors, FileViews.TablePreview table, String note,
                       String editHref) {

    public enum Kind { TEXT, IMAGE, SAFETENSORS, TABLE, NOTE }

    /** The safetensors header as the page shows it: totals per dtype, each tensor, the header's metadata. */
    public record Safetensors(String headerSize, String parameters, Map<String, String> parametersByDtype, List<Tensor> tensors,
                              int hiddenTensors, Map<String, String> metadata) {
        /** Tensors listed; the totals count all of them. */
        static final int MAX_TENSORS_SHOWN = 2000;

        /** The page's form of a header summary (repository files and run artifacts alike). */
        public static Safetensors of(FileViews.SafetensorsSummary s) {
            Map<String, String> byDtype = new LinkedHashMap<>();
            s.parametersByDtype().forEach((dtype, n) -> byDtype.put(dtype, Formats.count(n)));
            List<Tensor> tensors = s.tensors().stream().limit(MAX_TENSORS_SHOWN)
                    .map(t -> new Tensor(t.name(), t.dtype(), t.shape().toString(), Formats.count(t.parameters()))).toList();
            return new Safetensors(Formats.size(s.headerBytes()), Formats.count(s.parameters()), byDtype, tensors,
                    Math.max(0, s.tensors().size() - MAX_TENSORS_SHOWN), s.metadata() == null ? Map.of() : s.metadata());
        }
    }

    public record Tensor(String name, String dtype, String shape, String parameters) {}
}
