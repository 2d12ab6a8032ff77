package dev.sharedsession.race;

/** The places inside Hibernate where a {@link Pause} can stop a thread. */
public enum Hook {
    /** The StatementInspector, just before Hibernate prepares a SQL statement. */
    BEFORE_STATEMENT("before SQL"),
    /** A PreInsertEventListener, as the action queue is about to insert an entity. */
    PRE_INSERT("pre-insert of"),
    /** A PreUpdateEventListener, as the action queue is about to update an entity. */
    PRE_UPDATE("pre-update of"),
    /** A PostLoadEventListener, once an entity has been read and put in the persistence context. */
    POST_LOAD("post-load of"),
    /** A FlushEventListener, as an explicit or commit-time flush begins. */
    FLUSH("flush");

    private final String words;

    Hook(String words) {
        this.words = words;
    }

    String words() {
        return words;
    }
}
