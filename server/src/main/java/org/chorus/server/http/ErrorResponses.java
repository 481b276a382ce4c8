package org.chorus.server.http;

import io.javalin.http.Context;
import java.util.Map;
import org.chorus.core.ErrorCode;

/** The one table from error codes to HTTP: status, HF's {@code X-Error-Code}, and the JSON body. */
public final class ErrorResponses {
    private ErrorResponses() {}

    public static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND, REPO_NOT_FOUND, REVISION_NOT_FOUND, ENTRY_NOT_FOUND -> 404;
            case ALREADY_EXISTS, CONFLICT -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case RANGE_NOT_SATISFIABLE -> 416;
            case RATE_LIMITED -> 429;
            case STORAGE_FULL -> 507;
            case UNAVAILABLE -> 503;
            case DATA_CORRUPTED, INTERNAL -> 500;
        };
    }

    /** The names the Hugging Face clients look for; the rest follow the same CamelCase style. */
    public static String hfCode(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT -> "InvalidArgument";
            case UNAUTHENTICATED -> "Unauthenticated";
            case PERMISSION_DENIED -> "PermissionDenied";
            case NOT_FOUND -> "NotFound";
            case REPO_NOT_FOUND -> "RepoNotFound";
            case REVISION_NOT_FOUND -> "RevisionNotFound";
            case ENTRY_NOT_FOUND -> "EntryNotFound";
            case ALREADY_EXISTS -> "AlreadyExists";
            case CONFLICT -> "Conflict";
            case PAYLOAD_TOO_LARGE -> "PayloadTooLarge";
            case RANGE_NOT_SATISFIABLE -> "RangeNotSatisfiable";
            case RATE_LIMITED -> "TooManyRequests";
            case DATA_CORRUPTED -> "DataCorrupted";
            case STORAGE_FULL -> "StorageFull";
            case UNAVAILABLE -> "Unavailable";
            case INTERNAL -> "Internal";
        };
    }

    /** MLflow's {@code error_code} names (databricks.proto) for each code. */
    public static String mlflowCode(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT -> "INVALID_PARAMETER_VALUE";
            case UNAUTHENTICATED -> "UNAUTHENTICATED";
            case PERMISSION_DENIED -> "PERMISSION_DENIED";
            case NOT_FOUND, REPO_NOT_FOUND, REVISION_NOT_FOUND, ENTRY_NOT_FOUND -> "RESOURCE_DOES_NOT_EXIST";
            case ALREADY_EXISTS -> "RESOURCE_ALREADY_EXISTS";
            case CONFLICT -> "ABORTED";
            case PAYLOAD_TOO_LARGE -> "REQUEST_LIMIT_EXCEEDED";
            case RANGE_NOT_SATISFIABLE -> "INVALID_PARAMETER_VALUE";
            case RATE_LIMITED -> "REQUEST_LIMIT_EXCEEDED";
            case STORAGE_FULL -> "RESOURCE_EXHAUSTED";
            case UNAVAILABLE -> "TEMPORARILY_UNAVAILABLE";
            case DATA_CORRUPTED, INTERNAL -> "INTERNAL_ERROR";
        };
    }

    /** The HTTP status MLflow's server sends with each of its codes (it answers RESOURCE_ALREADY_EXISTS with 400). */
    public static int mlflowStatus(ErrorCode code) {
        return switch (code) {
            case ALREADY_EXISTS -> 400;
            case PAYLOAD_TOO_LARGE -> 413;
            default -> status(code);
        };
    }

    /** MLflow clients read {@code {"error_code", "message"}} on their own API paths. */
    static boolean isMlflowPath(String path) {
        return path.startsWith("/api/2.0/mlflow") || path.startsWith("/ajax-api/2.0/mlflow");
    }

    public static void write(Context ctx, ErrorCode code, String message) {
        Answer a = answer(ctx.path(), code, message);
        ctx.status(a.status());
        a.headers().forEach(ctx::header);
        ctx.json(a.body());
    }

    /** An error answer: its status, headers and JSON body, in the shape the clients of {@code path} read. */
    record Answer(int status, Map<String, String> headers, Map<String, String> body) {}

    static Answer answer(String path, ErrorCode code, String message) {
        if (isMlflowPath(path)) {
            Map<String, String> body = new java.util.LinkedHashMap<>();
            body.put("error_code", mlflowCode(code));
            body.put("message", message == null ? "" : message);
            return new Answer(mlflowStatus(code), Map.of(), body);
        }
        return new Answer(status(code), Map.of("X-Error-Code", hfCode(code), "X-Error-Message", headerSafe(message)),
                Map.of("error", message));
    }

    /** The code for an HTTP status raised outside our handlers (Javalin's or Jetty's own errors). */
    public static ErrorCode fromStatus(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.PERMISSION_DENIED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 416 -> ErrorCode.RANGE_NOT_SATISFIABLE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_ARGUMENT;
        };
    }

    private static String headerSafe(String message) {
        String ascii = message.replaceAll("[^\\x20-\\x7e]", "?");
        return ascii.length() > 500 ? ascii.substring(0, 500) : ascii;
    }
}
