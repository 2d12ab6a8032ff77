package dev.sharedsession.guard;

import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.AutoFlushEvent;
import org.hibernate.event.spi.AutoFlushEventListener;
import org.hibernate.event.spi.ClearEvent;
import org.hibernate.event.spi.ClearEventListener;
import org.hibernate.event.spi.DeleteContext;
import org.hibernate.event.spi.DeleteEvent;
import org.hibernate.event.spi.DeleteEventListener;
import org.hibernate.event.spi.DirtyCheckEvent;
import org.hibernate.event.spi.DirtyCheckEventListener;
import org.hibernate.event.spi.EvictEvent;
import org.hibernate.event.spi.EvictEventListener;
import org.hibernate.event.spi.FlushEvent;
import org.hibernate.event.spi.FlushEventListener;
import org.hibernate.event.spi.InitializeCollectionEvent;
import org.hibernate.event.spi.InitializeCollectionEventListener;
import org.hibernate.event.spi.LoadEvent;
import org.hibernate.event.spi.LoadEventListener;
import org.hibernate.event.spi.LockEvent;
import org.hibernate.event.spi.LockEventListener;
import org.hibernate.event.spi.MergeContext;
import org.hibernate.event.spi.MergeEvent;
import org.hibernate.event.spi.MergeEventListener;
import org.hibernate.event.spi.PersistContext;
import org.hibernate.event.spi.PersistEvent;
import org.hibernate.event.spi.PersistEventListener;
import org.hibernate.event.spi.RefreshContext;
import org.hibernate.event.spi.RefreshEvent;
import org.hibernate.event.spi.RefreshEventListener;

/**
 * The factory-wide event listeners, prepended to Hibernate's own: each one checks the
 * Session's {@link Ownership} before Hibernate's listener runs. They catch what reaches a
 * Session without passing through its own methods: a lazy proxy ({@code IMMEDIATE_LOAD}) or
 * lazy collection being initialized, and the operations cascaded or triggered inside Hibernate.
 */
final class GuardListener implements LoadEventListener, InitializeCollectionEventListener, FlushEventListener,
        AutoFlushEventListener, PersistEventListener, MergeEventListener, DeleteEventListener, RefreshEventListener,
        LockEventListener, EvictEventListener, ClearEventListener, DirtyCheckEventListener {

    /** A hook that may be reached inside another call (a cascade, the flush of a commit). */
    private static void check(SharedSessionContractImplementor session, String what) {
        Ownership ownership = Ownership.of(session);
        if (ownership != null) {
            ownership.check(null, what);
        }
    }

    /**
     * A hook that is the first a Session call reaches (a top-level persist, not its cascades): under
     * REPORT, where a call goes on, it tells one call from the next (see {@link Ownership#checkCall}).
     */
    private static void checkCall(SharedSessionContractImplementor session, String what) {
        Ownership ownership = Ownership.of(session);
        if (ownership != null) {
            ownership.checkCall(what);
        }
    }

    @Override
    public void onLoad(LoadEvent event, LoadType loadType) {
        Ownership ownership = Ownership.of(event.getSession());
        if (ownership == null) {
            return;
        }
        if (loadType == IMMEDIATE_LOAD) { // a lazy proxy of this Session is being initialized
            ownership.checkLazyProxy(event.getEntityClassName(), event.getEntityId());
        } else if (loadType == GET || loadType == LOAD) { // find, getReference: not a load inside another
            ownership.checkCall("load");
        } else {
            ownership.check(null, "load");
        }
    }

    @Override
    public void onInitializeCollection(InitializeCollectionEvent event) {
        Ownership ownership = Ownership.of(event.getSession());
        if (ownership != null) {
            ownership.checkLazyCollection(event.getCollection().getRole());
        }
    }

    @Override
    public void onFlush(FlushEvent event) {
        check(event.getSession(), "flush");
    }

    @Override
    public void onAutoFlush(AutoFlushEvent event) {
        check(event.getSession(), "auto-flush");
    }

    @Override
    public void onPersist(PersistEvent event) {
        checkCall(event.getSession(), "persist");
    }

    @Override
    public void onPersist(PersistEvent event, PersistContext createdAlready) {
        check(event.getSession(), "persist");
    }

    @Override
    public void onMerge(MergeEvent event) {
        checkCall(event.getSession(), "merge");
    }

    @Override
    public void onMerge(MergeEvent event, MergeContext copiedAlready) {
        check(event.getSession(), "merge");
    }

    @Override
    public void onDelete(DeleteEvent event) {
        checkCall(event.getSession(), "remove");
    }

    @Override
    public void onDelete(DeleteEvent event, DeleteContext transientEntities) {
        check(event.getSession(), "remove");
    }

    @Override
    public void onRefresh(RefreshEvent event) {
        checkCall(event.getSession(), "refresh");
    }

    @Override
    public void onRefresh(RefreshEvent event, RefreshContext refreshedAlready) {
        check(event.getSession(), "refresh");
    }

    @Override
    public void onLock(LockEvent event) {
        checkCall(event.getSession(), "lock");
    }

    @Override
    public void onEvict(EvictEvent event) {
        checkCall(event.getSession(), "detach");
    }

    @Override
    public void onClear(ClearEvent event) {
        checkCall(event.getSession(), "clear");
    }

    @Override
    public void onDirtyCheck(DirtyCheckEvent event) {
        checkCall(event.getSession(), "isDirty");
    }
}
