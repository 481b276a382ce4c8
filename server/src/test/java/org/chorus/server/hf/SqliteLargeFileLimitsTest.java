package org.chorus.server.hf;

class SqliteLargeFileLimitsTest extends LargeFileLimitsContract {
    @Override
    String newDatabase() {
        return null;
    }
}
