package org.chorus.core.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.chorus.core.ChorusException;

/**
 * Where the metadata lives, as the user writes it on the command line: {@code sqlite:/path/chorus.db} or
 * {@code postgresql://user:password@host:5432/db}. The password never appears in {@link #toString()}.
 */
public record DatabaseUrl(Dialect dialect, String jdbcUrl, String user, String password) {

    public static DatabaseUrl sqlite(Path file) {
        return new DatabaseUrl(Dialect.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), null, null);
    }

    public static DatabaseUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw ChorusException.invalid("database URL is empty");
        }
        if (text.startsWith("sqlite:")) {
            String path = text.substring("sqlite:".length());
            if (path.isBlank()) {
                throw ChorusException.invalid("sqlite URL needs a file path, e.g. sqlite:./chorus-data/chorus.db");
            }
            return sqlite(Path.of(path));
        }
        if (text.startsWith("jdbc:sqlite:")) {
            return new DatabaseUrl(Dialect.SQLITE, text, null, null);
        }
        if (text.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(Dialect.POSTGRESQL, text, null, null);
        }
        if (text.startsWith("postgresql://") || text.startsWith("postgres://")) {
            return parsePostgres(text);
        }
        throw ChorusException.invalid("unsupported database URL '" + redact(text)
                + "': use sqlite:<file> or postgresql://user:password@host:port/database");
    }

    private static DatabaseUrl parsePostgres(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw ChorusException.invalid("malformed PostgreSQL URL: " + e.getReason());
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw ChorusException.invalid("PostgreSQL URL needs a host and a database: postgresql://user@host:5432/db");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query;
        return new DatabaseUrl(Dialect.POSTGRESQL, jdbc, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String redact(String text) {
        return text.replaceAll("//([^:/@]*):[^@]*@", "//$1:***@");
    }

    @Override
    public String toString() {
        return user == null ? jdbcUrl : jdbcUrl + " (user " + user + ")";
    }
}
