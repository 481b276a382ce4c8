package org.chorus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The servers this user logged in to, each a named profile with its URL and token, and which one is active: the file
 * {@code ~/.chorus/config}, in the INI shape git and the AWS CLI use, readable by its owner only.
 * <pre>
 * active = default
 *
 * [default]
 * url = http://127.0.0.1:8080
 * token = hf_...
 * </pre>
 */
final class Profiles {
    /** A saved server; {@code token} is null when none was stored. */
    record Profile(String name, String url, String token) {}

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path file;
    private final Map<String, Profile> profiles = new LinkedHashMap<>();
    private String active;

    private Profiles(Path file) {
        this.file = file;
    }

    static Profiles load(Path chorusHome) {
        Profiles p = new Profiles(chorusHome.resolve("config"));
        if (Files.isRegularFile(p.file)) {
            try {
                p.parse(Files.readAllLines(p.file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p.file, e);
            }
        }
        return p;
    }

    Path file() {
        return file;
    }

    /** Throws with the way out when {@code name} cannot be a profile name. */
    static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a profile name is letters, digits, '.', '_' or '-' (at most 64), got '" + name + "'");
        }
        return name;
    }

    Optional<Profile> get(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    Optional<Profile> active() {
        return active == null ? Optional.empty() : get(active);
    }

    /** The profile for a server: the active one if it points there, else the first that does. */
    Optional<Profile> forUrl(String url) {
        String wanted = normalize(url);
        return active().filter(p -> p.url().equals(wanted))
                .or(() -> profiles.values().stream().filter(p -> p.url().equals(wanted)).findFirst());
    }

    List<Profile> all() {
        return List.copyOf(profiles.values());
    }

    void put(Profile profile) {
        profiles.put(checkName(profile.name()), new Profile(profile.name(), normalize(profile.url()), profile.token()));
    }

    void activate(String name) {
        if (!profiles.containsKey(name)) {
            throw new IllegalArgumentException("no profile '" + name + "' in " + file + names());
        }
        active = name;
    }

    /** Removes a profile; the next one becomes active if it was. */
    void remove(String name) {
        profiles.remove(name);
        if (name.equals(active)) {
            active = profiles.isEmpty() ? null : profiles.keySet().iterator().next();
        }
    }

    /** ", profiles: a, b" or "" when there are none: for messages about a name that was not found. */
    String names() {
        return profiles.isEmpty() ? " (no profiles yet)" : " (profiles: " + String.join(", ", profiles.keySet()) + ")";
    }

    /** Writes the file readable by the owner only, replacing the old one in one step. */
    void save() {
        StringBuilder text = new StringBuilder("# Chorus CLI profiles, written by chorus login; holds tokens, keep it private.\n");
        if (active != null) {
            text.append("active = ").append(active).append('\n');
        }
        for (Profile p : profiles.values()) {
            text.append("\n[").append(p.name()).append("]\nurl = ").append(p.url()).append('\n');
            if (p.token() != null) {
                text.append("token = ").append(p.token()).append('\n');
            }
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "config", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A server URL without trailing slashes, so one written with and without them is the same server. */
    static String normalize(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw new IllegalArgumentException("a server URL starts with http:// or https://, got '" + url + "'");
        }
        return u;
    }

    private void parse(List<String> lines) {
        String section = null;
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                values.putIfAbsent(section, new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 'key = value' or '[profile]', got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (section == null) {
                if (key.equals("active")) {
                    active = value;
                }
            } else {
                values.get(section).put(key, value);
            }
        }
        List<String> broken = new ArrayList<>();
        values.forEach((name, kv) -> {
            if (kv.get("url") == null) {
                broken.add(name);
            } else {
                put(new Profile(name, kv.get("url"), kv.get("token")));
            }
        });
        if (!broken.isEmpty()) {
            throw new IllegalArgumentException(file + ": profile " + String.join(", ", broken) + " has no 'url = ...' line");
        }
    }
}
