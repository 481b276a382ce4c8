package org.chorus.jobs;

import java.nio.file.Path;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;

class PostgresJobsTest extends JobsContract {
    @Override
    Database open(Path dir) {
        return TestDatabases.postgres();
    }
}
