package org.chorus.server.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;

/**
 * The static files of the web app (CSS, JS, vendored htmx), read once from {@code web/assets/} on the classpath and
 * served under content-hashed names ({@code /assets/chorus.3f9a1c2b7d.css}) with a year-long immutable cache: a new
 * build changes the name, never the bytes behind a name. Templates link them through {@link #url}.
 */
public final class Assets {
    /** Every asset a page may link; adding a file under resources/web/assets means adding its name here. */
    private static final List<String> FILES = List.of("chorus.css", "chorus.js", "upload.js", "family.js", "htmx.min.js", "charts.js", "compare.js");
    /** Files served from the uPlot WebJar (org.webjars.npm:uplot, pinned in the parent pom): charts with no CDN. */
    private static final List<String> UPLOT_FILES = List.of("uPlot.iife.min.js", "uPlot.min.css");
    private static final Map<String, Asset> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, Asset> BY_URL = new LinkedHashMap<>();

    record Asset(String url, String contentType, byte[] bytes) {}

    static {
        String uplot = "/META-INF/resources/webjars/uplot/" + webJarVersion("uplot") + "/dist/";
        for (String name : FILES) {
            add(name, read("/web/assets/" + name));
        }
        for (String name : UPLOT_FILES) {
            add(name, read(uplot + name));
        }
    }

    private static void add(String name, byte[] bytes) {
        int dot = name.lastIndexOf('.');
        String hashed = name.substring(0, dot) + "." + sha256(bytes).substring(0, 12) + name.substring(dot);
        Asset asset = new Asset("/assets/" + hashed, contentType(name), bytes);
        BY_NAME.put(name, asset);
        BY_URL.put(hashed, asset);
    }

    private Assets() {}

    /** The hashed URL of an asset; an unknown name is a programming error (and fails every page test). */
    public static String url(String name) {
        Asset asset = BY_NAME.get(name);
        if (asset == null) {
            throw new IllegalArgumentException("no web asset named " + name);
        }
        return asset.url();
    }

    static void serve(Context ctx) {
        Asset asset = BY_URL.get(ctx.pathParam("file"));
        if (asset == null) {
            throw ChorusException.notFound("no such asset");
        }
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }

    private static String contentType(String name) {
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        throw new IllegalArgumentException("no content type for " + name);
    }

    /** The version of an npm WebJar on the classpath, from its Maven properties (so the pom alone pins it). */
    private static String webJarVersion(String artifact) {
        java.util.Properties p = new java.util.Properties();
        try (InputStream in = new java.io.ByteArrayInputStream(read("/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static byte[] read(String name) {
        try (InputStream in = Assets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("web asset " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
