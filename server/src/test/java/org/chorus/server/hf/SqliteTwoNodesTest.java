package org.chorus.server.hf;

class SqliteTwoNodesTest extends TwoNodesContract {
    @Override
    String database() {
        return null;
    }
}
