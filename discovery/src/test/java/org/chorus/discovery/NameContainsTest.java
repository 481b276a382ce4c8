package org.chorus.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

/** The 3-gram search for ids against a plain {@link String#contains} over the same ids. */
class NameContainsTest {
    /** A small alphabet, so that many texts share 3-grams with ids that do not contain them. */
    private static final String ALPHABET = "ab/-é😀";

    @Test
    void findsExactlyTheIdsThatContainTheText() throws Exception {
        Random random = new Random(7);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            names.add(word(random, random.nextInt(14)));
        }
        names.addAll(List.of("abab", "ababa", "bab", "aaa", "a"));
        try (Directory dir = new ByteBuffersDirectory()) {
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
                for (int i = 0; i < names.size(); i++) {
                    Document d = new Document();
                    d.add(new StringField("n", Integer.toString(i), Field.Store.YES));
                    RepoDocuments.nameFields(d, names.get(i));
                    w.addDocument(d);
                    if (i % 700 == 0) {
                        w.commit(); // several segments, each with its own doc values
                    }
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                assertThat(reader.leaves()).hasSizeGreaterThan(1);
                IndexSearcher searcher = new IndexSearcher(reader);
                List<String> texts = new ArrayList<>(List.of("aba", "bab", "abab", "aaa", "a", "ab", "é😀", "😀", "zzz", "a*b", "a?"));
                for (int i = 0; i < 400; i++) {
                    texts.add(random.nextBoolean() ? word(random, 1 + random.nextInt(6)) : sub(random, names.get(random.nextInt(names.size()))));
                }
                for (String text : texts) {
                    Set<String> expected = new HashSet<>();
                    for (int i = 0; i < names.size(); i++) {
                        if (names.get(i).contains(text)) {
                            expected.add(Integer.toString(i));
                        }
                    }
                    assertThat(found(searcher, text)).as("'%s'", text).isEqualTo(expected);
                }
            }
        }
    }

    private static Set<String> found(IndexSearcher searcher, String text) throws Exception {
        Set<String> out = new HashSet<>();
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc d : searcher.search(NameContains.of(text), Integer.MAX_VALUE).scoreDocs) {
            out.add(stored.document(d.doc).get("n"));
        }
        return out;
    }

    private static String word(Random random, int length) {
        StringBuilder b = new StringBuilder();
        while (b.codePointCount(0, b.length()) < length) {
            b.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return b.toString();
    }

    private static String sub(Random random, String name) {
        int cps = name.codePointCount(0, name.length());
        if (cps == 0) {
            return "a";
        }
        int from = random.nextInt(cps);
        int to = from + 1 + random.nextInt(cps - from);
        return name.substring(name.offsetByCodePoints(0, from), name.offsetByCodePoints(0, to));
    }
}
