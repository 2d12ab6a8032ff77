package dev.sharedsession.guard;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the guard itself holds on to, for "no cache outlives what it caches": a walk over the
 * fields of the guard's own objects, reachable from a view and from the guard's static state.
 * It follows proxies to their handlers, collections and maps to their elements, and a
 * {@link ThreadLocal} to its value <em>on the calling thread</em> (so call it on the thread
 * whose cache is in question). It stops at objects that are not the guard's (Hibernate's
 * factory, a Session): reaching one of the targets there means the guard keeps it alive.
 */
final class GuardState {

    private static final String PACKAGE = GuardState.class.getPackageName() + ".";

    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Object> targets = Collections.newSetFromMap(new IdentityHashMap<>());

    private GuardState(Object... targets) {
        this.targets.addAll(java.util.List.of(targets));
    }

    /** Whether {@code root}, or any static field of the guard's classes, leads to one of {@code targets}. */
    static boolean reaches(Object root, Object... targets) {
        GuardState walk = new GuardState(targets);
        if (walk.visit(root)) {
            return true;
        }
        for (Class<?> type : new Class<?>[] {GuardedViews.class, FactoryGuards.class, Ownership.class,
                SessionGuard.class, CallSites.class, Refusals.class}) {
            if (walk.fields(type, null, true)) {
                return true;
            }
        }
        return false;
    }

    private boolean visit(Object object) {
        if (object == null || !seen.add(object)) {
            return false;
        }
        if (targets.contains(object)) {
            return true;
        }
        Class<?> type = object.getClass();
        if (Proxy.isProxyClass(type)) {
            return visit(Proxy.getInvocationHandler(object));
        }
        if (object instanceof ThreadLocal<?> local) {
            return visit(local.get());
        }
        if (object instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (visit(entry.getKey()) || visit(entry.getValue())) {
                    return true;
                }
            }
            return false;
        }
        if (object instanceof Collection<?> collection) {
            for (Object element : collection) {
                if (visit(element)) {
                    return true;
                }
            }
            return false;
        }
        if (object instanceof Object[] array) {
            for (Object element : array) {
                if (visit(element)) {
                    return true;
                }
            }
            return false;
        }
        for (Class<?> c = type; c != null && c.getName().startsWith(PACKAGE); c = c.getSuperclass()) {
            if (fields(c, object, false)) {
                return true;
            }
        }
        return false; // not the guard's object: what it holds is not the guard's state
    }

    private boolean fields(Class<?> type, Object object, boolean statics) {
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) != statics || field.getType().isPrimitive()) {
                continue;
            }
            try {
                field.setAccessible(true);
                if (visit(field.get(object))) {
                    return true;
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return false;
    }
}
