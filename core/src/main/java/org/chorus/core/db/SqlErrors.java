package org.chorus.core.db;

import java.sql.SQLException;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Maps driver errors to Chorus error codes the same way on SQLite and PostgreSQL. */
final class SqlErrors {
    private static final String PG_UNIQUE_VIOLATION = "23505";
    private static final String PG_FOREIGN_KEY_VIOLATION = "23503";

    private static final String PG_SERIALIZATION_FAILURE = "40001";
    private static final String PG_DEADLOCK = "40P01";

    private SqlErrors() {}

    /** Whether the transaction lost a race and may simply be run again. */
    static boolean isRetryable(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && (PG_SERIALIZATION_FAILURE.equals(sql.getSQLState()) || PG_DEADLOCK.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    static RuntimeException translate(RuntimeException e) {
        if (e instanceof ChorusException) {
            return e;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if (isUnique(sql)) {
                    return new ChorusException(ErrorCode.ALREADY_EXISTS, "already exists", e);
                }
                if (isForeignKey(sql)) {
                    return new ChorusException(ErrorCode.NOT_FOUND, "a referenced record does not exist", e);
                }
            }
        }
        return e;
    }

    private static boolean isUnique(SQLException e) {
        if (e instanceof SQLiteException lite) {
            SQLiteErrorCode code = lite.getResultCode();
            return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
        }
        return PG_UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    private static boolean isForeignKey(SQLException e) {
        if (e instanceof SQLiteException lite) {
            return lite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY;
        }
        return PG_FOREIGN_KEY_VIOLATION.equals(e.getSQLState());
    }
}
