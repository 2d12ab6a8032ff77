package dev.sharedsession.testsupport.junit;

import dev.sharedsession.database.Database;

/**
 * Where the databases differ, a test says what each one does: the SQL Hibernate's dialect
 * writes for it, the words its driver puts in an error. One call, three exact answers, never a
 * looser assertion that would pass on all three.
 */
public final class PerDatabase {

    private PerDatabase() {
    }

    /** {@code h2}, {@code postgresql} or {@code mariadb}, whichever {@code db} runs on. */
    public static <T> T pick(Database db, T h2, T postgresql, T mariadb) {
        return switch (db.settings().engine()) {
            case H2 -> h2;
            case POSTGRESQL -> postgresql;
            case MARIADB -> mariadb;
        };
    }
}
