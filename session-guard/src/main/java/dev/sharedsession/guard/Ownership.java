package dev.sharedsession.guard;

import dev.sharedsession.guard.SessionGuard.Policy;
import dev.sharedsession.guard.SessionSharedAcrossThreadsException.SessionOpenedHere;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.hibernate.SessionEventListener;
import org.hibernate.engine.extension.spi.Extension;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.resource.transaction.spi.TransactionObserver;

/**
 * Who may use one Session right now: the guard's state, one per Session, created on the
 * opening thread while Hibernate constructs the Session ({@link SessionGuardExtensionIntegration}).
 *
 * <p>The same object is the Session's {@link SessionEventListener} (statements, connection
 * acquisition, flush, auto-flush, dirty check, close) and an observer of its transaction
 * (begin, before and after completion), so a guarded Session gets no other listener objects.
 *
 * <p>Hot path: {@link #check} and {@link #enter} read one volatile field and compare it with
 * {@code Thread.currentThread()}; EXCLUSIVE adds one compare-and-set when a thread starts an
 * outermost call. Nothing is allocated unless a violation is thrown (or, under REPORT, reported).
 *
 * <p>REPORT follows CONFINED's rule exactly (the same owner, the same hand-off calls), but a
 * violation is only counted and logged, never thrown: the call goes on as if unguarded, so a
 * report in production says precisely which calls switching to CONFINED would refuse.
 */
final class Ownership implements Extension, SessionEventListener, TransactionObserver {

    private static final long serialVersionUID = 1L;

    private static final VarHandle HOLDER;

    static {
        try {
            HOLDER = MethodHandles.lookup().findVarHandle(Ownership.class, "holder", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final transient SharedSessionContractImplementor session;
    private final transient Thread opener;
    private final transient SessionOpenedHere openSite;
    /** The factory's count and log of refusals. */
    private final transient Refusals refusals;

    private transient volatile Policy policy;
    /**
     * CONFINED, REPORT: the owner (null between {@code release} and {@code adopt}). EXCLUSIVE: the thread
     * inside a call right now, or null.
     */
    @SuppressWarnings("unused") // through HOLDER as well
    private transient volatile Thread holder;
    /** EXCLUSIVE: how deep the holder is in nested calls; only the holder touches it. */
    private transient int depth;
    /** EXCLUSIVE: what the holder is inside, for the message (kind may be null: a Hibernate hook). */
    private transient String holderKind;
    private transient String holderWhat;
    private transient volatile Thread closer;
    private transient volatile Thread releasedBy;
    /** A call refused while a transaction was active: Hibernate then marks the transaction rollback-only. */
    private transient volatile SessionSharedAcrossThreadsException refusedInTransaction;
    private transient boolean hooked;
    /** The thread whose commit was refused (its flush or {@link #beforeCompletion}), until Hibernate's rollback of it completes. */
    private transient volatile Thread commitRefused;
    /** REPORT: the last call reported, so that the hooks one call passes report it once. */
    private transient volatile Reported lastReported;
    /** SessionGuard.guard: the view getCurrentSession() hands out for this Session; dropped on close. */
    private transient volatile GuardedViews.SessionHandler currentView;

    Ownership(SharedSessionContractImplementor session, FactoryGuards.Config config) {
        this.session = session;
        this.opener = Thread.currentThread();
        this.openSite = config.recordOpenSite() ? new SessionOpenedHere(opener.getName()) : null;
        this.refusals = config.refusals();
        arm(config.policy());
    }

    /** The guard of {@code session}, or null if its factory has no guard. */
    static Ownership of(SharedSessionContractImplementor session) {
        return session.getExtension(Ownership.class);
    }

    Policy policy() {
        return policy;
    }

    /**
     * Sets the policy (the factory's, or the one of the wrapper that opened this Session) and,
     * the first time it is not OFF, hooks this object into the Session.
     */
    void arm(Policy newPolicy) {
        Objects.requireNonNull(newPolicy, "policy");
        if (ownedByOne(newPolicy) && !ownedByOne(policy)) {
            holder = opener;
        } else if (newPolicy == Policy.EXCLUSIVE && policy != Policy.EXCLUSIVE) {
            holder = null;
        }
        policy = newPolicy;
        if (newPolicy != Policy.OFF && !hooked) {
            hooked = true;
            session.getEventListenerManager().addListener(this);
            session.getTransactionCoordinator().addObserver(this);
        }
    }

    /** CONFINED and REPORT: the Session has one owner, the opener until it hands the Session on. */
    private static boolean ownedByOne(Policy p) {
        return p == Policy.CONFINED || p == Policy.REPORT;
    }

    // ---- the checks -------------------------------------------------------------------------

    /**
     * A point check: may the current thread use the Session now? {@code kind} is
     * {@code "Session"}, {@code "Transaction"} or {@code "Query"} when a guarded view calls, with
     * {@code what} the method; null when a Hibernate hook calls, with {@code what} naming the
     * hook, and the call is then named from the stack (only when it fails).
     */
    void check(String kind, String what) {
        check(kind, what, kind != null);
    }

    /**
     * {@link #check} from a hook that is the first a call of the Session reaches, and is never
     * reached again inside it ({@code find}'s load, a top-level {@code persist}, ...): under REPORT
     * each such call is reported, even when the same line makes it again and again.
     */
    void checkCall(String what) {
        check(null, what, true);
    }

    private void check(String kind, String what, boolean newCall) {
        Policy p = policy;
        if (p == Policy.OFF) {
            return;
        }
        Thread me = Thread.currentThread();
        Thread h = holder;
        if (h == me || (p == Policy.EXCLUSIVE && h == null)) {
            passed(p);
            return;
        }
        String call = callName(kind, what);
        refuse(p, me, h, call, call, kind != null, newCall);
    }

    /** REPORT: a call that may use the Session did: whatever comes next is a call of its own. */
    private void passed(Policy p) {
        if (p == Policy.REPORT && lastReported != null) {
            lastReported = null;
        }
    }

    /** Checks, and under EXCLUSIVE takes the Session until the matching {@link #leave()}. */
    void enter(String kind, String what) {
        Policy p = policy;
        if (p == Policy.OFF) {
            return;
        }
        Thread me = Thread.currentThread();
        Thread h = holder;
        if (h == me) {
            if (p == Policy.EXCLUSIVE) {
                depth++;
            }
            passed(p);
            return;
        }
        if (p == Policy.EXCLUSIVE && h == null && HOLDER.compareAndSet(this, (Thread) null, me)) {
            depth = 1;
            holderKind = kind;
            holderWhat = what;
            return;
        }
        String call = callName(kind, what);
        refuse(p, me, h, call, call, kind != null, kind != null); // under REPORT the call goes on, outside any turn
    }

    /** Ends what {@link #enter} began; a thread that was refused (or never entered) changes nothing. */
    void leave() {
        if (policy == Policy.EXCLUSIVE && holder == Thread.currentThread() && --depth == 0) {
            holderKind = null;
            holderWhat = null;
            holder = null;
        }
    }

    /**
     * A guarded view calls this first: a Session closed by one thread, touched by another. Under
     * REPORT the call goes on, and Hibernate says the Session is closed.
     */
    void checkNotClosedByAnother(String kind, String what) {
        Thread c = closer;
        Policy p = policy;
        if (c != null && p != Policy.OFF && c != Thread.currentThread()) {
            String call = callName(kind, what);
            Thread me = Thread.currentThread();
            String site = CallSites.callerSite();
            var refused = refusals.record(new SessionSharedAcrossThreadsException(
                    "Session used by thread '" + me.getName() + "' in " + call + ", but thread '" + c.getName()
                            + "' closed it (" + label(p) + "). A Session ends with its unit of work:"
                            + " open a new one on this thread (sessionFactory.inTransaction(session -> ...)) and"
                            + " pass it entity ids, not entities or the Session." + openSiteSentence(),
                    c.getName(), me.getName(), call, openSite), call, site);
            if (p != Policy.REPORT) {
                throw refused;
            }
        }
    }

    void closedBy(Thread thread) {
        closer = thread;
    }

    GuardedViews.SessionHandler currentView() {
        return currentView;
    }

    void currentView(GuardedViews.SessionHandler view) {
        currentView = view;
    }

    /** A lazy proxy of this Session is being initialized. */
    void checkLazyProxy(String entityName, Object id) {
        Policy p = policy;
        if (p == Policy.OFF) {
            return;
        }
        Thread me = Thread.currentThread();
        Thread h = holder;
        if (h == me || (p == Policy.EXCLUSIVE && h == null)) {
            passed(p);
            return;
        }
        String entity = "lazy loading of " + simpleName(entityName);
        refuse(p, me, h, entity + "#" + id, entity, false, true); // counted per entity, not per id
    }

    /** A lazy collection of this Session is being initialized. */
    void checkLazyCollection(String role) {
        Policy p = policy;
        if (p == Policy.OFF) {
            return;
        }
        Thread me = Thread.currentThread();
        Thread h = holder;
        if (h == me || (p == Policy.EXCLUSIVE && h == null)) {
            passed(p);
            return;
        }
        String call = "lazy loading of " + shortRole(role);
        refuse(p, me, h, call, call, false, true);
    }

    // ---- the hand-off (CONFINED, REPORT) -------------------------------------------------------
    // Under REPORT a hand-off CONFINED would refuse is reported and changes nothing.

    void handOff(Thread to) {
        Objects.requireNonNull(to, "to");
        Policy p = policy;
        if (!ownedByOne(p)) {
            return;
        }
        Thread me = Thread.currentThread();
        if (holder != me) {
            refuse(p, me, holder, "SessionGuard.handOff", "SessionGuard.handOff", true, true);
            return;
        }
        holder = to;
    }

    void release() {
        Policy p = policy;
        if (!ownedByOne(p)) {
            return;
        }
        Thread me = Thread.currentThread();
        if (holder != me) {
            refuse(p, me, holder, "SessionGuard.release", "SessionGuard.release", true, true);
            return;
        }
        releasedBy = me;
        holder = null;
    }

    void adopt() {
        Policy p = policy;
        if (!ownedByOne(p)) {
            return;
        }
        Thread me = Thread.currentThread();
        Thread h = holder;
        if (h == me) {
            return;
        }
        if (h != null || !HOLDER.compareAndSet(this, (Thread) null, me)) {
            refuse(p, me, holder, "SessionGuard.adopt", "SessionGuard.adopt", true, true);
        }
    }

    // ---- SessionEventListener: the Session's own hooks -----------------------------------------

    @Override
    public void jdbcConnectionAcquisitionStart() {
        enter(null, "acquiring a JDBC connection");
    }

    @Override
    public void jdbcConnectionAcquisitionEnd() {
        leave();
    }

    @Override
    public void jdbcPrepareStatementStart() {
        enter(null, "preparing a SQL statement");
    }

    @Override
    public void jdbcPrepareStatementEnd() {
        leave();
    }

    @Override
    public void jdbcExecuteStatementStart() {
        enter(null, "executing a SQL statement");
    }

    @Override
    public void jdbcExecuteStatementEnd() {
        leave();
    }

    @Override
    public void jdbcExecuteBatchStart() {
        enter(null, "executing a JDBC batch");
    }

    @Override
    public void jdbcExecuteBatchEnd() {
        leave();
    }

    @Override
    public void flushStart() {
        enter(null, "flush");
    }

    @Override
    public void flushEnd(int numberOfEntities, int numberOfCollections) {
        leave();
    }

    @Override
    public void partialFlushStart() {
        enter(null, "auto-flush");
    }

    @Override
    public void partialFlushEnd(int numberOfEntities, int numberOfCollections) {
        leave();
    }

    @Override
    public void dirtyCalculationStart() {
        enter(null, "dirty check");
    }

    @Override
    public void dirtyCalculationEnd(boolean dirty) {
        leave();
    }

    /** Close: Hibernate calls this before it releases the JDBC connection, so a refused close closes nothing. */
    @Override
    public void end() {
        check(null, "close");
        closer = Thread.currentThread();
        currentView = null;
        session.getTransactionCoordinator().removeObserver(this);
    }

    // ---- TransactionObserver: begin, commit, rollback ------------------------------------------

    @Override
    public void afterBegin() {
        check(null, "Transaction.begin");
        refusedInTransaction = null;
        commitRefused = null;
    }

    /** Before the flush-on-commit's statements are sent and before the JDBC commit. */
    @Override
    public void beforeCompletion() {
        check(null, "Transaction.commit");
    }

    /**
     * After the JDBC commit or rollback. A rollback has no earlier hook: a rollback by another
     * thread is reported here, after it happened (it wrote nothing, but it discarded the owner's
     * uncommitted work). A guarded view ({@code SessionGuard.guard}) stops it before.
     */
    @Override
    public void afterCompletion(boolean successful, boolean delayed) {
        if (delayed) { // a delayed (JTA) completion runs on the transaction manager's thread
            return;
        }
        if (commitRefused != null && commitRefused == Thread.currentThread()) {
            // the rollback Hibernate makes of a commit refused just now: the same call, refused once
            // (as before this marker: the first refusal is the one the caller gets)
            commitRefused = null;
            refusedInTransaction = null;
            return;
        }
        check(null, successful ? "Transaction.commit" : "Transaction.rollback");
        SessionSharedAcrossThreadsException refused = refusedInTransaction;
        refusedInTransaction = null;
        if (!successful && refused != null && "Transaction.commit".equals(CallSites.entryIntoHibernate())) {
            throw commitRolledBack(refused);
        }
    }

    /**
     * Hibernate marks a transaction rollback-only when a call on its Session fails, whatever the
     * failure: so a refused call from another thread makes the owner's later commit roll back,
     * and in the native bootstrap that commit would return normally. It must not be silent.
     */
    private SessionSharedAcrossThreadsException commitRolledBack(SessionSharedAcrossThreadsException refused) {
        Thread me = Thread.currentThread();
        String message = "Transaction.commit on thread '" + me.getName() + "' rolled back instead of committing:"
                + " during this transaction thread '" + refused.offendingThread() + "' used the Session in "
                + refused.call() + " and was refused, and Hibernate marks a transaction rollback-only when a call on"
                + " its Session fails. Nothing of this transaction was written; the cause is the refused call.";
        return Refusals.logged(new SessionSharedAcrossThreadsException(message, me.getName(), refused.offendingThread(),
                "Transaction.commit", refused));
    }

    // ---- messages (only ever built when something is wrong) ------------------------------------

    /**
     * A violation of {@code p}'s rule by {@code me}: counted under {@code counted} and logged, then
     * thrown, unless {@code p} is REPORT, which lets the call go on.
     *
     * <p>A refusal ends the call, so each refused call is counted once. A reported call goes on
     * and passes more hooks (a {@code find}: its load, then its statement), which must not count
     * again. So under REPORT a hook is part of the call reported last on this Session if it comes
     * from the same thread and the same line of the caller's code, with no allowed use of the
     * Session in between, unless it is a call of its own: a guarded view's call ({@code fromView}),
     * or the first hook of a call ({@code newCall}: a {@code find}'s load, a top-level
     * {@code persist}), which is part of the last call only if that was the same call through a view.
     */
    private void refuse(Policy p, Thread me, Thread h, String call, String counted, boolean fromView, boolean newCall) {
        if (p != Policy.REPORT && commitRefused == me) {
            // Hibernate rolling back the commit refused just now (it clears the Session): the same
            // call, so thrown again (Hibernate keeps it as suppressed) but neither counted nor logged
            throw violation(p, me, h, call);
        }
        String site = CallSites.callerSite();
        if (p == Policy.REPORT) {
            Reported last = lastReported;
            boolean sameLine = last != null && last.thread() == me && Objects.equals(last.site(), site);
            boolean partOfLast = sameLine && !fromView && (!newCall || (last.fromView() && last.call().equals(counted)));
            if (partOfLast) {
                return; // a hook of a call reported already
            }
            lastReported = new Reported(me, counted, site, fromView);
        }
        SessionSharedAcrossThreadsException refused = refusals.record(violation(p, me, h, call), counted, site);
        if (p != Policy.REPORT) {
            if (!fromView && "Transaction.commit".equals(call)) {
                // inside Hibernate's commit: it now rolls back, and that must not be refused again
                // (a view refuses a commit before Hibernate, so nothing follows it)
                commitRefused = me;
            }
            throw refused;
        }
    }

    /** REPORT: the last call reported on this Session, and where from. */
    private record Reported(Thread thread, String call, String site, boolean fromView) {
    }

    private static String label(Policy p) {
        return p == Policy.REPORT
                ? "session guard: REPORT, which lets the call go on; CONFINED would refuse it"
                : "session guard: " + p;
    }

    private SessionSharedAcrossThreadsException violation(Policy p, Thread me, Thread h, String call) {
        String message;
        String owner;
        if (p == Policy.EXCLUSIVE) {
            owner = h == null ? "?" : h.getName();
            String inside = holderWhat == null ? "a call" : holderKind == null ? holderWhat : holderKind + "." + holderWhat;
            message = "Session used by thread '" + me.getName() + "' in " + call + " while thread '" + owner
                    + "' is still in " + inside + " on it (session guard: EXCLUSIVE, one thread at a time). "
                    + advice(p, h);
        } else if (h == null) {
            Thread r = releasedBy;
            owner = r == null ? "?" : r.getName();
            message = "Session used by thread '" + me.getName() + "' in " + call + ", but thread '" + owner
                    + "' released it with SessionGuard.release(session) and no thread has adopted it yet"
                    + " (" + label(p) + "). The receiving thread calls SessionGuard.adopt(session) before using it.";
        } else {
            owner = h.getName();
            message = "Session used by thread '" + me.getName() + "' in " + call + ", but it belongs to thread '"
                    + owner + "'" + (h == opener ? "" : openedBy()) + " (" + label(p) + "). " + advice(p, h);
        }
        var refused = new SessionSharedAcrossThreadsException(message + openSiteSentence(), owner, me.getName(), call,
                openSite);
        if (p != Policy.REPORT && session.isTransactionInProgress()) {
            refusedInTransaction = refused; // thrown: Hibernate will mark the transaction rollback-only
        }
        return refused;
    }

    private String openedBy() {
        return ", which was opened by thread '" + opener.getName() + "'";
    }

    private static String advice(Policy p, Thread owner) {
        String ownerName = owner == null ? "its owner" : "'" + owner.getName() + "'";
        String rule = "A Session is not thread-safe: give each unit of work its own Session"
                + " (sessionFactory.inTransaction(session -> ...)) and pass entity ids to other threads,"
                + " not entities or the Session";
        return p == Policy.EXCLUSIVE
                ? rule + "; or let one thread finish its call before another starts."
                : rule + "; to hand this Session on deliberately, call SessionGuard.handOff(session, thread) on "
                        + ownerName + " first.";
    }

    private String openSiteSentence() {
        if (openSite == null) {
            return "";
        }
        StackTraceElement frame = firstFrameOutside(openSite.getStackTrace());
        return frame == null ? "" : " Opened at " + frame + " (the cause has the whole stack).";
    }

    /** The first frame that is neither Hibernate's, the JDK's nor this module's main code. */
    private static StackTraceElement firstFrameOutside(StackTraceElement[] frames) {
        for (StackTraceElement frame : frames) {
            String name = frame.getClassName();
            if (!name.startsWith("org.hibernate.") && !name.startsWith("java.") && !name.startsWith("jdk.")
                    && !name.startsWith("sun.") && !name.startsWith("com.sun.proxy.") && !isGuardMain(name)) {
                return frame;
            }
        }
        return null;
    }

    private static boolean isGuardMain(String className) {
        if (!className.startsWith("dev.sharedsession.guard.")) {
            return false;
        }
        try {
            return CallSites.isGuardMain(Class.forName(className, false, Ownership.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** "Session.find": given by a guarded view, or else read from the stack (failures only). */
    private static String callName(String kind, String what) {
        if (kind != null) {
            return kind + "." + what;
        }
        String fromStack = CallSites.entryIntoHibernate();
        return fromStack != null ? fromStack : what;
    }

    private static String simpleName(String entityName) {
        int dot = entityName.lastIndexOf('.');
        return dot < 0 ? entityName : entityName.substring(dot + 1);
    }

    /** "dev.x.Customer.orders" becomes "Customer.orders". */
    private static String shortRole(String role) {
        int property = role.lastIndexOf('.');
        if (property < 0) {
            return role;
        }
        int entity = role.lastIndexOf('.', property - 1);
        return role.substring(entity + 1);
    }
}
