package org.chorus.tracking;

import java.nio.file.Path;
import org.chorus.core.db.DatabaseUrl;
import org.chorus.core.db.TestDatabases;

class PostgresMetricBlocksTest extends MetricBlocksContract {
    @Override
    DatabaseUrl freshUrl(Path dir) {
        return DatabaseUrl.parse(TestDatabases.freshPostgresUrl());
    }
}
