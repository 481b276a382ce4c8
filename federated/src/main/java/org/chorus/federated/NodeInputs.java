package org.chorus.federated;

import java.util.Map;
import java.util.regex.Pattern;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.federated.proto.v1.ResultHeader;

/**
 * What a node may send, checked where it enters (the gRPC adapter), before anything reaches SQL, a log line, the
 * model card or tracking. Names are text a person reads (no control or format characters, which also keeps NUL away
 * from PostgreSQL); metric names become MLflow metric keys (with a {@code train_}/{@code eval_} prefix), so they follow
 * MLflow's key rule, and a name tracking would refuse can no longer fail the whole task after its round.
 */
final class NodeInputs {
    static final int MAX_NAME = 128;
    static final int MAX_PROPERTIES = 64;
    static final int MAX_PROPERTY_VALUE = 1024;
    static final int MAX_METRICS = 64;
    static final int MAX_METRIC_NAME = 200;
    private static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z0-9_.\\- /]+");
    private static final Pattern NODE_ID = Pattern.compile("[0-9a-f]{24}");

    private NodeInputs() {}

    /** Refuses a registration whose name or properties break the limits ({@code INVALID_ARGUMENT}). */
    static void checkRegistration(String nodeName, Map<String, String> properties) {
        String problem = textProblem("node name", nodeName, MAX_NAME);
        if (problem == null && properties.size() > MAX_PROPERTIES) {
            problem = properties.size() + " properties; at most " + MAX_PROPERTIES + " are recorded";
        }
        for (Map.Entry<String, String> p : properties.entrySet()) {
            if (problem == null) {
                problem = textProblem("property name", p.getKey(), MAX_NAME);
            }
            if (problem == null && p.getValue().length() > MAX_PROPERTY_VALUE) {
                problem = "property " + p.getKey() + " is longer than " + MAX_PROPERTY_VALUE + " characters";
            }
        }
        if (problem != null) {
            throw ChorusException.invalid(problem);
        }
    }

    /** A federation name or node id that cannot exist is refused as a wrong credential, without asking SQL. */
    static void checkFederationName(String federation) {
        if (textProblem("federation", federation, MAX_NAME) != null) {
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "unknown federation or wrong join token");
        }
    }

    /** Whether {@code id} has the shape of the ids Chorus makes (nodes, tasks: {@code Ids.newId}). */
    static boolean plausibleId(String id) {
        return id != null && NODE_ID.matcher(id).matches();
    }

    /** Null when the header's round and metrics are acceptable, else why not. */
    static String resultProblem(ResultHeader h) {
        if (h.getRound() < 1 || h.getRound() > Integer.MAX_VALUE) {
            return "round " + h.getRound() + " does not exist";
        }
        if (h.getMetricsCount() > MAX_METRICS) {
            return h.getMetricsCount() + " metrics; at most " + MAX_METRICS + " are accepted";
        }
        for (String name : h.getMetricsMap().keySet()) {
            if (name.isEmpty() || name.length() > MAX_METRIC_NAME || !METRIC_NAME.matcher(name).matches() || name.startsWith("/")
                    || name.contains("..") || name.contains("//")) {
                return "metric name '" + printable(name) + "' is not 1 to " + MAX_METRIC_NAME
                        + " letters, digits, '_', '-', '.', ' ' or '/' (not leading, no '..' or '//')";
            }
        }
        return null;
    }

    static String textProblem(String what, String value, int max) {
        if (value.isBlank() || value.length() > max) {
            return what + " must be 1 to " + max + " characters";
        }
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            return what + " contains control or format characters";
        }
        return null;
    }

    /** The first 64 characters of a node's text, control and format characters escaped, for a reason that is logged. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(64).forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return s.codePointCount(0, s.length()) > 64 ? out + "…" : out.toString();
    }
}
