package dev.sharedsession.testsupport.junit;

import java.sql.SQLException;

/**
 * What the database said under a failure, as Hibernate's own tests assert it: the SQLState and
 * the vendor code of the {@link SQLException} in its cause chain, not the driver's wording nor a
 * database's build number (H2 writes its own into every message: {@code [23505-252]}), so a patch
 * upgrade of a driver or of H2 breaks no test. Where the databases differ, {@link PerDatabase#pick}
 * gives each one's pair.
 */
public record SqlError(String sqlState, int vendorCode) {

    /** The first {@link SQLException} in {@code failure}'s cause chain; an {@link AssertionError} if there is none. */
    public static SqlError of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return new SqlError(sql.getSQLState(), sql.getErrorCode());
            }
        }
        throw new AssertionError("no SQLException in the cause chain of " + failure, failure);
    }
}
