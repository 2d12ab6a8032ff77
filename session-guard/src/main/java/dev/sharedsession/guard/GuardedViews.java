package dev.sharedsession.guard;

import dev.sharedsession.guard.SessionGuard.Policy;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.SessionBuilder;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.query.CommonQueryContract;

/**
 * The guarded views of {@link SessionGuard#guard}: {@link Proxy} objects implementing every
 * public interface of what they stand for (a factory, a Session, its Transaction, a query),
 * so that every method goes through one {@link InvocationHandler}. A Session view checks the
 * Session's {@link Ownership} around each call ({@code enter}/{@code leave}, which under
 * EXCLUSIVE is what makes "never two at once" exact) and hands out views of the Transaction
 * and queries it returns, so their calls are checked too.
 *
 * <p>What is not a view: a {@link StatelessSession} is handed out as Hibernate made it, unguarded,
 * as on the property route (see {@link SessionGuardExtensionIntegration}). {@code cancelQuery()}
 * and {@code isOpen()} are passed through from any thread, unchecked: Hibernate documents
 * {@code cancelQuery()} as the one call another thread may make, and {@code isOpen()} is how
 * that thread asks first. Neither takes a turn or changes the owner.
 *
 * <p>The views keep no per-thread state: the view of a thread's current Session is kept on that
 * Session's own {@link Ownership} and dropped when the Session closes, so nothing the guard holds
 * outlives the Session it stands for.
 */
final class GuardedViews {

    private static final ClassValue<Class<?>[]> INTERFACES = new ClassValue<>() {
        @Override
        protected Class<?>[] computeValue(Class<?> type) {
            Set<Class<?>> all = new LinkedHashSet<>();
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                collect(c.getInterfaces(), all);
            }
            return all.toArray(Class<?>[]::new);
        }

        private void collect(Class<?>[] interfaces, Set<Class<?>> into) {
            for (Class<?> i : interfaces) {
                if (Modifier.isPublic(i.getModifiers()) && !i.isSealed()) {
                    into.add(i);
                }
                collect(i.getInterfaces(), into);
            }
        }
    };

    private static final Method IN_TRANSACTION;
    private static final Method FROM_TRANSACTION;

    static {
        try {
            IN_TRANSACTION = SessionFactory.class.getMethod("inTransaction", Consumer.class);
            FROM_TRANSACTION = SessionFactory.class.getMethod("fromTransaction", Function.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private GuardedViews() {
    }

    static SessionFactory factory(SessionFactoryImplementor raw, Policy policy) {
        FactoryHandler handler = new FactoryHandler(raw, policy);
        handler.proxy = proxy(raw, handler);
        return (SessionFactory) handler.proxy;
    }

    /** The handler behind a view made here, or null. */
    static ViewHandler handlerOf(Object object) {
        if (object != null && Proxy.isProxyClass(object.getClass())
                && Proxy.getInvocationHandler(object) instanceof ViewHandler handler) {
            return handler;
        }
        return null;
    }

    /** The raw factory behind a guarded one, or the argument itself. */
    static SessionFactory raw(SessionFactory factory) {
        return handlerOf(factory) instanceof FactoryHandler handler ? handler.raw : factory;
    }

    private static Object proxy(Object raw, InvocationHandler handler) {
        return Proxy.newProxyInstance(raw.getClass().getClassLoader(), INTERFACES.get(raw.getClass()), handler);
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** equals, hashCode, toString: answered by the view itself, unguarded, on any thread. */
    private static boolean isObjectMethod(Method method) {
        return method.getDeclaringClass() == Object.class;
    }

    private static Object objectMethod(Object proxy, Object raw, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "guarded " + raw;
        };
    }

    abstract static sealed class ViewHandler implements InvocationHandler permits FactoryHandler, SessionHandler {
    }

    static final class FactoryHandler extends ViewHandler {
        final SessionFactoryImplementor raw;
        final Policy policy;
        Object proxy;

        FactoryHandler(SessionFactoryImplementor raw, Policy policy) {
            this.raw = raw;
            this.policy = policy;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            if (isObjectMethod(method)) {
                return objectMethod(self, raw, method, args);
            }
            String name = method.getName();
            switch (name) {
                case "inSession", "inTransaction", "fromSession", "fromTransaction" -> {
                    if (method.isDefault()) { // Hibernate's own body, calling this view's openSession()
                        return InvocationHandler.invokeDefault(self, method, args);
                    }
                }
                case "runInTransaction" -> {
                    return InvocationHandler.invokeDefault(self, IN_TRANSACTION, args);
                }
                case "callInTransaction" -> {
                    return InvocationHandler.invokeDefault(self, FROM_TRANSACTION, args);
                }
                case "unwrap" -> {
                    Class<?> type = (Class<?>) args[0];
                    return type.isInstance(self) ? self : call(raw, method, args);
                }
                default -> {
                    // below
                }
            }
            Object result = call(raw, method, args);
            if (result instanceof SessionBuilder builder && result != raw) {
                return proxy(builder, new BuilderHandler(this, builder));
            }
            if (result instanceof StatelessSession) {
                return result; // not guarded, on either route (see the class comment)
            }
            if (result instanceof SharedSessionContractImplementor || result instanceof jakarta.persistence.EntityManager) {
                return "getCurrentSession".equals(name) ? currentView(result) : view(result, null);
            }
            return result;
        }

        /**
         * A view of a Session just opened on this thread by this factory. A Session that cannot be
         * guarded is closed again before the refusal: the caller never gets it, so nobody else would.
         */
        Object view(Object session, Ownership known) {
            Ownership ownership = known != null ? known : Ownership.of((SharedSessionContractImplementor) session);
            if (ownership == null) {
                IllegalStateException refused = noGuard();
                try {
                    ((SharedSessionContractImplementor) session).close();
                } catch (RuntimeException closing) {
                    refused.addSuppressed(closing);
                }
                throw refused;
            }
            if (ownership.policy() != policy) { // the wrapper's policy wins over the property's
                ownership.arm(policy);
            }
            SessionHandler handler = new SessionHandler(this, session, ownership);
            handler.proxy = proxy(session, handler);
            return handler.proxy;
        }

        private static IllegalStateException noGuard() {
            return new IllegalStateException("a Session of a guarded factory has no guard: is "
                    + SessionGuardExtensionIntegration.class.getName() + " missing from META-INF/services?");
        }

        /**
         * The same view for the same current Session, so getCurrentSession() == getCurrentSession().
         * It is kept on the Session's own Ownership, which drops it on close, not in a per-thread
         * cache: a pool thread outlives its Sessions, and must not keep a closed one reachable.
         */
        private Object currentView(Object session) {
            // Hibernate's thread-bound current Session is itself a proxy that refuses most calls
            // outside a transaction; getExtension is not among the allowed ones then.
            Ownership ownership;
            try {
                ownership = Ownership.of((SharedSessionContractImplementor) session);
            } catch (RuntimeException refused) {
                throw new IllegalStateException("SessionGuard.guard cannot guard a thread-bound current Session"
                        + " outside a transaction: begin its transaction first, or use hibernate.session_guard", refused);
            }
            if (ownership == null) {
                throw noGuard(); // not closed: a current Session belongs to its context, not to this caller
            }
            SessionHandler known = ownership.currentView();
            if (known != null && known.factory == this && known.raw == session) {
                return known.proxy;
            }
            Object view = view(session, ownership);
            ownership.currentView((SessionHandler) Proxy.getInvocationHandler(view));
            return view;
        }
    }

    /** withOptions(): the same builder, whose openSession() hands out a guarded view. */
    private static final class BuilderHandler implements InvocationHandler {
        private final FactoryHandler factory;
        private final Object raw;

        BuilderHandler(FactoryHandler factory, Object raw) {
            this.factory = factory;
            this.raw = raw;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            if (isObjectMethod(method)) {
                return objectMethod(self, raw, method, args);
            }
            Object result = call(raw, method, args);
            if (result == raw) {
                return self; // a fluent setter
            }
            if (result instanceof StatelessSession) {
                return result;
            }
            if (result instanceof SharedSessionContractImplementor) {
                return factory.view(result, null);
            }
            return result;
        }
    }

    /** One Session's view, and the views of the Transaction and queries it hands out. */
    static final class SessionHandler extends ViewHandler {
        private final FactoryHandler factory;
        final Object raw;
        final Ownership ownership;
        Object proxy;
        /** The view of the Session's Transaction, so getTransaction() == getTransaction(). */
        private volatile PartHandler transaction;

        SessionHandler(FactoryHandler factory, Object raw, Ownership ownership) {
            this.factory = factory;
            this.raw = raw;
            this.ownership = ownership;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            if (isObjectMethod(method)) {
                return objectMethod(self, raw, method, args);
            }
            if (isAnyThreadMethod(method)) {
                return call(raw, method, args); // unchecked, no turn taken, the owner unchanged
            }
            return guarded("Session", self, raw, method, args);
        }

        /** Every call of the Session, its Transaction and its queries comes through here. */
        Object guarded(String kind, Object self, Object target, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            ownership.checkNotClosedByAnother(kind, name);
            ownership.enter(kind, name);
            Object result;
            try {
                result = call(target, method, args);
            } finally {
                ownership.leave();
            }
            if ("close".equals(name) && target == raw) {
                ownership.closedBy(Thread.currentThread());
            }
            return wrap(self, target, result);
        }

        private Object wrap(Object self, Object target, Object result) {
            if (result == null) {
                return null;
            }
            if (result == target) {
                return self; // unwrap(...) or a fluent setter returning itself
            }
            if (result == raw) {
                return proxy;
            }
            if (result == factory.raw) {
                return factory.proxy;
            }
            if (result instanceof Transaction) {
                PartHandler known = transaction;
                if (known != null && known.raw == result) {
                    return known.proxy;
                }
                PartHandler part = new PartHandler(this, "Transaction", result);
                part.proxy = proxy(result, part);
                transaction = part;
                return part.proxy;
            }
            if (result instanceof CommonQueryContract || result instanceof jakarta.persistence.Query) {
                return proxy(result, new PartHandler(this, "Query", result));
            }
            return result;
        }
    }

    /**
     * {@code cancelQuery()} and {@code isOpen()}: the calls another thread may make on a Session.
     * Hibernate documents {@code cancelQuery()} as the one method of a Session that may be called
     * from another thread (to cancel the owner's running query), and {@code isOpen()} answers
     * without touching its state; so the view lets both through unchecked.
     */
    private static boolean isAnyThreadMethod(Method method) {
        String name = method.getName();
        return method.getParameterCount() == 0 && ("cancelQuery".equals(name) || "isOpen".equals(name));
    }

    /** A Transaction or query of a guarded Session: its calls are the Session's calls. */
    private static final class PartHandler implements InvocationHandler {
        private final SessionHandler session;
        private final String kind;
        private final Object raw;
        Object proxy;

        PartHandler(SessionHandler session, String kind, Object raw) {
            this.session = session;
            this.kind = kind;
            this.raw = raw;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            if (isObjectMethod(method)) {
                return objectMethod(self, raw, method, args);
            }
            return session.guarded(kind, self, raw, method, args);
        }
    }
}
