package dev.sharedsession.common.race;

import dev.sharedsession.common.Database;

/**
 * One run of a scenario with real concurrency and nothing forced: whatever the scheduler does.
 * It sets up its own data, runs, checks the database and says how it went.
 */
@FunctionalInterface
public interface NaturalRun {

    Outcome runOnce(Database db) throws Exception;
}
