package dev.sharedsession.guard;

import java.lang.StackWalker.StackFrame;
import java.security.CodeSource;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.query.CommonQueryContract;

/**
 * Names the call that reached a Hibernate hook: the outermost Hibernate frame below the
 * caller's own code, as {@code Session.find}, {@code Query.getResultList},
 * {@code Transaction.commit}; and finds the caller's own line that made it ({@link #callerSite()}).
 * Walks the stack, so it is used only for a refusal.
 */
final class CallSites {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private CallSites() {
    }

    static String entryIntoHibernate() {
        StackFrame entry = WALKER.walk(CallSites::entry);
        return entry == null ? null : kind(entry.getDeclaringClass()) + "." + entry.getMethodName();
    }

    /**
     * The caller's own line that made the refused call: the first frame that is neither the
     * guard's main code, Hibernate's, Jakarta Persistence's nor the JDK's (reflection, proxies), as
     * {@code com.example.OrderService.checkout(OrderService.java:42)}; null if there is none.
     */
    static String callerSite() {
        return WALKER.walk(frames -> frames.filter(frame -> !isLibrary(frame)).findFirst())
                .map(frame -> frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":"
                        + frame.getLineNumber() + ")")
                .orElse(null);
    }

    private static final CodeSource MAIN = CallSites.class.getProtectionDomain().getCodeSource();

    private static boolean isLibrary(StackFrame frame) {
        String name = frame.getClassName();
        return name.startsWith("org.hibernate.") || name.startsWith("jakarta.") || name.startsWith("java.")
                || name.startsWith("jdk.") || name.startsWith("sun.") || name.startsWith("com.sun.proxy.")
                || isGuardMain(frame.getDeclaringClass());
    }

    /** A class of this module's main code (not its tests, which share the package). */
    static boolean isGuardMain(Class<?> type) {
        return type.getName().startsWith("dev.sharedsession.guard.")
                && Objects.equals(type.getProtectionDomain().getCodeSource(), MAIN);
    }

    private static StackFrame entry(Stream<StackFrame> frames) {
        StackFrame entry = null;
        boolean inside = false;
        for (Iterator<StackFrame> it = frames.iterator(); it.hasNext(); ) {
            StackFrame frame = it.next();
            String name = frame.getClassName();
            if (name.startsWith("org.hibernate.")) {
                inside = true;
                entry = frame;
            } else if (name.startsWith("java.lang.reflect.") || name.startsWith("jdk.internal.reflect.")) {
                inside = true; // reflection between a guarded view and Hibernate
            } else if (inside) {
                break;      // the caller's code: the previous Hibernate frame was the way in
            }
            // else: still in the guard's own frames, above Hibernate's
        }
        return entry;
    }

    private static String kind(Class<?> type) {
        if (Session.class.isAssignableFrom(type)) {
            return "Session";
        }
        if (Transaction.class.isAssignableFrom(type)) {
            return "Transaction";
        }
        if (CommonQueryContract.class.isAssignableFrom(type) || jakarta.persistence.Query.class.isAssignableFrom(type)) {
            return "Query";
        }
        if (SessionFactory.class.isAssignableFrom(type)) {
            return "SessionFactory";
        }
        return type.getSimpleName();
    }
}
