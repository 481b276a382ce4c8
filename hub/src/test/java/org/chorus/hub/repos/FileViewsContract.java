package org.chorus.hub.repos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.hub.repos.HubTestBed.assertCode;
import static org.chorus.hub.repos.HubTestBed.file;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safetensors summaries and table previews read a bounded part of a file, through the API's permission check. */
abstract class FileViewsContract {
    @TempDir
    Path dir;
    HubTestBed bed;
    FileViews views;
    Principal alice;
    Principal bob;
    Repo repo;

    abstract Database newDatabase(Path dir);

    @BeforeEach
    void setUp() {
        bed = new HubTestBed(newDatabase(dir), dir);
        views = FileViews.create(bed.repos);
        alice = bed.user("alice", Role.WRITE);
        bob = bed.user("bob", Role.WRITE);
        repo = bed.model(alice, "m", true);
    }

    @AfterEach
    void tearDown() {
        if (bed != null) {
            bed.close();
        }
    }

    static byte[] safetensors(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    private void put(String path, byte[] bytes) {
        bed.repos.commit(alice, repo.repoId(), new CommitRequest("main", "add", null, null, List.of(new CommitOp.AddFile(path, bytes))));
    }

    private void putLarge(String path, byte[] bytes) throws Exception {
        String oid = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        bed.largeFiles.put(oid, bytes.length, new ByteArrayInputStream(bytes));
        bed.repos.recordLargeFile(repo, oid, bytes.length);
        bed.repos.commit(alice, repo.repoId(), new CommitRequest("main", "add", null, null, List.of(new CommitOp.AddLfsFile(path, oid, bytes.length))));
    }

    private FileViews.SafetensorsSummary summary(String path) {
        return views.safetensors(Optional.of(alice), repo.repoId(), "main", path);
    }

    @Test
    void aSafetensorsSummaryComesFromTheHeaderOfALargeFile() throws Exception {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[24,30]},\"s\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[30,38]}}";
        putLarge("model.safetensors", safetensors(header, 38));

        var s = summary("model.safetensors");

        assertThat(s.parameters()).isEqualTo(10);
        assertThat(s.parametersByDtype()).containsExactly(Map.entry("F32", 6L), Map.entry("BF16", 3L), Map.entry("I64", 1L));
        assertThat(s.tensors()).extracting(FileViews.Tensor::name).containsExactly("w", "b", "s");
        assertThat(s.tensors().getFirst().shape()).containsExactly(2L, 3L);
        assertThat(s.metadata()).containsEntry("format", "pt");
        assertCode(ErrorCode.REPO_NOT_FOUND, () -> views.safetensors(Optional.of(bob), repo.repoId(), "main", "model.safetensors"));
    }

    @Test
    void hostileSafetensorsHeadersAreRefused() {
        byte[] hugeLength = safetensors("{}", 0);
        ByteBuffer.wrap(hugeLength).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        put("huge.safetensors", hugeLength);
        byte[] pastEnd = safetensors("{}", 0);
        ByteBuffer.wrap(pastEnd).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000L);
        put("past.safetensors", pastEnd);
        put("short.safetensors", new byte[] {1, 2, 3});
        put("notjson.safetensors", safetensors("{not json}", 0));
        put("deep.safetensors", safetensors("[".repeat(5000), 0));
        put("dtype.safetensors", safetensors("{\"t\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", 16));
        put("offsets.safetensors", safetensors("{\"t\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,1000]}}", 16));
        put("mismatch.safetensors", safetensors("{\"t\":{\"dtype\":\"F32\",\"shape\":[5],\"data_offsets\":[0,16]}}", 16));
        put("overflow.safetensors", safetensors("{\"t\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,16]}}", 16));
        put("negative.safetensors", safetensors("{\"t\":{\"dtype\":\"F32\",\"shape\":[-4],\"data_offsets\":[0,16]}}", 16));
        put("model.bin", safetensors("{}", 0));

        for (String path : List.of("huge", "past", "short", "notjson", "deep", "dtype", "offsets", "mismatch", "overflow", "negative")) {
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> summary(path + ".safetensors"));
        }
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> summary("model.bin"));
        assertCode(ErrorCode.ENTRY_NOT_FOUND, () -> summary("missing.safetensors"));
    }

    @Test
    void csvAndJsonLinesShowTheirFirstRows() {
        put("data.csv", "name,text\nada,\"hello, \"\"world\"\"\"\nbob,\"two\r\nlines\"\ncy,x\n".getBytes(StandardCharsets.UTF_8));
        put("data.jsonl", "{\"a\":1,\"b\":\"x\"}\n{\"b\":\"y\",\"c\":[1,2]}\n\n{\"a\":3}\n".getBytes(StandardCharsets.UTF_8));

        var csv = views.table(Optional.of(alice), repo.repoId(), "main", "data.csv", 2);
        var csvAll = views.table(Optional.of(alice), repo.repoId(), "main", "data.csv", 10);
        var jsonl = views.table(Optional.of(alice), repo.repoId(), "main", "data.jsonl", 10);

        assertThat(csv.columns()).containsExactly("name", "text");
        assertThat(csv.rows()).containsExactly(List.of("ada", "hello, \"world\""), List.of("bob", "two\r\nlines"));
        assertThat(csv.truncated()).isTrue();
        assertThat(csvAll.rows()).hasSize(3);
        assertThat(csvAll.truncated()).isFalse();
        assertThat(jsonl.columns()).containsExactly("a", "b", "c");
        assertThat(jsonl.rows()).containsExactly(List.of("1", "x", ""), List.of("", "y", "[1,2]"), List.of("3", "", ""));
        assertThat(jsonl.truncated()).isFalse();
        assertCode(ErrorCode.REPO_NOT_FOUND, () -> views.table(Optional.empty(), repo.repoId(), "main", "data.csv", 2));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> views.table(Optional.of(alice), repo.repoId(), "main", "data.csv", 0));
    }

    @Test
    void aTablePreviewReadsOnlyAPrefixOfABigFile() throws Exception {
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        big.write("i,square\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; big.size() < FileViews.TABLE_PREFIX_BYTES + 4096; i++) {
            big.write((i + "," + (long) i * i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        putLarge("big.csv", big.toByteArray());

        var preview = views.table(Optional.of(alice), repo.repoId(), "main", "big.csv", 1000);

        assertThat(preview.rows()).hasSize(1000);
        assertThat(preview.rows().get(999)).containsExactly("999", "998001");
        assertThat(preview.truncated()).isTrue();
    }
}
