package dev.sharedsession.guard;

import java.lang.StackWalker.StackFrame;
import java.util.Iterator;
import java.util.stream.Stream;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.query.CommonQueryContract;

/**
 * Names the call that reached a Hibernate hook: the outermost Hibernate frame below the
 * caller's own code, as {@code Session.find}, {@code Query.getResultList},
 * {@code Transaction.commit}. Walks the stack, so it is used only to word a violation.
 */
final class CallSites {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private CallSites() {
    }

    static String entryIntoHibernate() {
        StackFrame entry = WALKER.walk(CallSites::entry);
        return entry == null ? null : kind(entry.getDeclaringClass()) + "." + entry.getMethodName();
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
