package org.chorus.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a request reaches Javalin (a URL with {@code %00} or another ambiguous encoding, a
 * malformed or oversized header, an unknown protocol version) in the same JSON shape as every other error, keeping
 * Jetty's status (400, 414, 431, 505…). Jetty's default is an HTML page, which no Chorus client can read.
 */
public final class JettyErrors extends ErrorHandler {
    @Override
    public boolean errorPageForMethod(String method) {
        return !HttpMethod.HEAD.is(method);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        String path = request.getHttpURI() == null || request.getHttpURI().getPath() == null ? "" : request.getHttpURI().getPath();
        ErrorResponses.Answer answer = ErrorResponses.answer(path, ErrorResponses.fromStatus(code), describe(code, message));
        response.setStatus(code);
        answer.headers().forEach(response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(answer.body())), callback);
    }

    private static String describe(int code, String message) {
        if (code >= 500) {
            return "server error: " + message;
        }
        if (code == HttpStatus.BAD_REQUEST_400 && HttpStatus.getMessage(code).equals(message)) {
            // Jetty gives no detail for a URL it refuses (a NUL, an encoded '/' or '..' it finds ambiguous).
            return "malformed request: the URL or a header has characters or encodings that are not allowed (such as %00)";
        }
        return "malformed request: " + message;
    }
}
