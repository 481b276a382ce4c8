package org.chorus.storage;

/** The SHA-256 of a file's bytes: the git-lfs oid. Printed as plain hex, as git-lfs does. */
public final class Sha256 extends Hash256 {
    private Sha256(byte[] bytes) {
        super(bytes);
    }

    public static Sha256 of(byte[] bytes) {
        return new Sha256(bytes);
    }

    public static Sha256 fromHex(String hex) {
        return new Sha256(XetHex.parsePlain(hex));
    }

    @Override
    public String hex() {
        return XetHex.formatPlain(bytes());
    }
}
