package org.chorus.tracking;

import java.nio.file.Path;
import org.chorus.core.db.DatabaseUrl;

class SqliteMetricBlocksTest extends MetricBlocksContract {
    @Override
    DatabaseUrl freshUrl(Path dir) {
        return DatabaseUrl.sqlite(dir.resolve("blocks.db"));
    }
}
