package org.chorus.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.javalin.http.Context;

/**
 * Renders a precompiled jte template (from {@code src/main/jte}, compiled with the module) with one typed view
 * record, and sends it with the headers every page carries: a Content-Security-Policy that allows only this origin
 * (no inline script, no other host: a hostile card cannot load or run anything even if the sanitizer missed it),
 * nosniff, no framing, and no caching of pages (they can hold private data). Templates are compiled with binary
 * static content and render into UTF-8 bytes: the page's fixed text is never encoded again per request.
 */
public final class Pages {
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private Pages() {}

    /** Renders {@code template} (e.g. {@code "hub/card.jte"}) with {@code view} as its single parameter. */
    public static void render(Context ctx, int status, String template, Object view) {
        Utf8ByteOutput out = new Utf8ByteOutput();
        ENGINE.render(template, view, out);
        ctx.status(status);
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(out.toByteArray());
    }

    public static void render(Context ctx, String template, Object view) {
        render(ctx, 200, template, view);
    }
}
