package dev.sharedsession.race;

import dev.sharedsession.database.Database;

/**
 * One run of a scenario with real concurrency and nothing forced: whatever the scheduler does.
 * It sets up its own data, runs, checks the database and says how it went.
 */
@FunctionalInterface
public interface NaturalRun {

    Outcome runOnce(Database db) throws Exception;
}
