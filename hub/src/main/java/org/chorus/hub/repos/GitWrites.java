package org.chorus.hub.repos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.lfs.LfsPointer;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.InvalidPathException;
import org.eclipse.jgit.errors.DirCacheNameConflictException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.revwalk.RevWalk;

/** Git writes: commits built in memory from the parent tree, and ref moves guarded by the expected old value. */
final class GitWrites {
    static final String DEFAULT_GITATTRIBUTES = String.join("\n",
            "*.7z filter=lfs diff=lfs merge=lfs -text", "*.bin filter=lfs diff=lfs merge=lfs -text",
            "*.ckpt filter=lfs diff=lfs merge=lfs -text", "*.gguf filter=lfs diff=lfs merge=lfs -text",
            "*.gz filter=lfs diff=lfs merge=lfs -text", "*.h5 filter=lfs diff=lfs merge=lfs -text",
            "*.npy filter=lfs diff=lfs merge=lfs -text", "*.npz filter=lfs diff=lfs merge=lfs -text",
            "*.onnx filter=lfs diff=lfs merge=lfs -text", "*.parquet filter=lfs diff=lfs merge=lfs -text",
            "*.pt filter=lfs diff=lfs merge=lfs -text", "*.pth filter=lfs diff=lfs merge=lfs -text",
            "*.safetensors filter=lfs diff=lfs merge=lfs -text", "*.tar filter=lfs diff=lfs merge=lfs -text",
            "*.zip filter=lfs diff=lfs merge=lfs -text", "") ;

    private GitWrites() {}

    /** Commits {@code ops} on top of {@code parent} (null for the first commit) and moves the branch from parent to it. */
    static ObjectId commit(Repository git, String branch, ObjectId parent, CommitRequest request, PersonIdent who) {
        ObjectId id = write(git, parent, request, who);
        try {
            moveRef(git, Constants.R_HEADS + branch, parent, id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return id;
    }

    /** Writes the commit of {@code ops} on top of {@code parent} (null for the first commit); no ref moves. */
    static ObjectId write(Repository git, ObjectId parent, CommitRequest request, PersonIdent who) {
        try (ObjectInserter inserter = git.newObjectInserter(); ObjectReader reader = git.newObjectReader();
             RevWalk walk = new RevWalk(reader)) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            if (parent != null) {
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, walk.parseCommit(parent).getTree());
            }
            builder.finish();
            Set<String> existing = new HashSet<>();
            for (int i = 0; i < index.getEntryCount(); i++) {
                existing.add(index.getEntry(i).getPathString());
            }
            PathCollisions.refuse(existing, request.ops());
            DirCacheEditor editor = index.editor();
            String attributes = attributes(reader, index);
            String newAttributes = attributes;
            for (CommitOp op : request.ops()) {
                switch (op) {
                    case CommitOp.AddFile f -> {
                        put(editor, f.path(), inserter.insert(Constants.OBJ_BLOB, f.content()));
                        if (f.path().equals(".gitattributes")) {
                            newAttributes = new String(f.content(), StandardCharsets.UTF_8);
                        }
                    }
                    case CommitOp.AddLfsFile f -> {
                        put(editor, f.path(), inserter.insert(Constants.OBJ_BLOB, new LfsPointer(f.sha256(), f.size()).bytes()));
                        newAttributes = LfsAttributes.track(newAttributes, f.path());
                    }
                    case CommitOp.DeleteFile d -> {
                        if (!existing.contains(d.path())) {
                            throw new ChorusException(ErrorCode.ENTRY_NOT_FOUND, "cannot delete '" + d.path() + "': no such file");
                        }
                        editor.add(new DirCacheEditor.DeletePath(d.path()));
                    }
                    case CommitOp.DeleteFolder d -> {
                        String prefix = d.path() + "/";
                        if (existing.stream().noneMatch(p -> p.startsWith(prefix))) {
                            throw new ChorusException(ErrorCode.ENTRY_NOT_FOUND, "cannot delete folder '" + d.path() + "': no such folder");
                        }
                        editor.add(new DirCacheEditor.DeleteTree(d.path()));
                    }
                }
            }
            if (!newAttributes.equals(attributes) && request.ops().stream().noneMatch(o -> o.path().equals(".gitattributes"))) {
                put(editor, ".gitattributes", inserter.insert(Constants.OBJ_BLOB, newAttributes.getBytes(StandardCharsets.UTF_8)));
            }
            editor.finish();
            ObjectId tree = index.writeTree(inserter);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            if (parent != null) {
                commit.setParentId(parent);
            }
            commit.setAuthor(who);
            commit.setCommitter(who);
            String description = request.description() == null || request.description().isBlank() ? "" : "\n\n" + request.description();
            commit.setMessage(request.summary() + description + "\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        } catch (DirCacheNameConflictException | InvalidPathException e) {
            throw ChorusException.invalid("the commit would put a file and a directory at the same path: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(DirCacheEditor editor, String path, ObjectId blob) {
        editor.add(new DirCacheEditor.PathEdit(path) {
            @Override
            public void apply(DirCacheEntry ent) {
                ent.setFileMode(FileMode.REGULAR_FILE);
                ent.setObjectId(blob);
            }
        });
    }

    private static String attributes(ObjectReader reader, DirCache index) throws IOException {
        DirCacheEntry e = index.getEntry(".gitattributes");
        return e == null ? "" : new String(reader.open(e.getObjectId()).getCachedBytes(1 << 20), StandardCharsets.UTF_8);
    }

    /** Moves (or creates, or with {@code newId} null deletes) a ref only if it still points at {@code expected}. */
    static void moveRef(Repository git, String ref, ObjectId expected, ObjectId newId) throws IOException {
        if (!tryMoveRef(git, ref, expected, newId)) {
            RefNames.folderClash(git, ref).ifPresent(clash -> {
                throw new ChorusException(ErrorCode.CONFLICT, clash);
            });
            throw moved(ref);
        }
    }

    /** {@link #moveRef}, answering false where the ref no longer points at {@code expected}. */
    static boolean tryMoveRef(Repository git, String ref, ObjectId expected, ObjectId newId) throws IOException {
        RefUpdate u = git.updateRef(ref);
        u.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
        u.setForceUpdate(true);
        RefUpdate.Result result;
        if (newId == null) {
            result = u.delete();
        } else {
            u.setNewObjectId(newId);
            result = u.update();
        }
        return switch (result) {
            case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> true;
            case LOCK_FAILURE, REJECTED, REJECTED_CURRENT_BRANCH, REJECTED_MISSING_OBJECT, REJECTED_OTHER_REASON -> false;
            default -> throw new ChorusException(ErrorCode.INTERNAL, "ref update of " + ref + " ended with " + result);
        };
    }

    static ChorusException moved(String ref) {
        return new ChorusException(ErrorCode.CONFLICT, "'" + Repository.shortenRefName(ref)
                + "' moved while this change was being made; nothing was changed, read it again and retry");
    }

    /** A commit of {@code commit}'s tree with no parent: its branch's whole history as one commit. */
    static ObjectId rootCommitOfTree(Repository git, ObjectId commit, String message, PersonIdent who) throws IOException {
        try (ObjectInserter inserter = git.newObjectInserter(); RevWalk walk = new RevWalk(git)) {
            CommitBuilder root = new CommitBuilder();
            root.setTreeId(walk.parseCommit(commit).getTree());
            root.setAuthor(who);
            root.setCommitter(who);
            root.setMessage(message + "\n");
            ObjectId id = inserter.insert(root);
            inserter.flush();
            return id;
        }
    }

    static ObjectId annotatedTag(Repository git, String tag, ObjectId commit, String message, PersonIdent who) throws IOException {
        try (ObjectInserter inserter = git.newObjectInserter()) {
            TagBuilder t = new TagBuilder();
            t.setTag(tag);
            t.setObjectId(commit, Constants.OBJ_COMMIT);
            t.setTagger(who);
            t.setMessage(message + "\n");
            ObjectId id = inserter.insert(t);
            inserter.flush();
            return id;
        }
    }
}
