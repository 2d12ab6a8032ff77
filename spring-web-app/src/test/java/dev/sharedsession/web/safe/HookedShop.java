package dev.sharedsession.web.safe;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * The safe shop with the hooks a test of several JVMs needs ({@code DurableWorkersTest} starts it
 * in a JVM of its own), switched on by environment. Never part of the application itself.
 * <ul>
 * <li>{@code SHOP_HOOK_HOLD=true}: every db-scheduler thread that is about to write a receipt stops
 *     there, inside the job's transaction, until the JVM is killed; it prints {@code hook: holding}.</li>
 * </ul>
 * Prints {@code hook: ready} once the application is ready.
 */
public final class HookedShop {

    private HookedShop() {
    }

    public static void main(String[] args) {
        new SpringApplication(ShopApplication.class, Hooks.class).run(args);
    }

    @Configuration(proxyBeanMethods = false)
    static class Hooks {

        @Bean
        HibernatePropertiesCustomizer holdBeforeTheReceipt() {
            return properties -> {
                if ("true".equals(System.getenv("SHOP_HOOK_HOLD"))) {
                    properties.put("hibernate.session_factory.statement_inspector", new HoldBeforeTheReceipt());
                }
            };
        }

        @EventListener
        public void ready(ApplicationReadyEvent ready) {
            System.out.println("hook: ready");
            System.out.flush();
        }
    }

    /** Hibernate's statement inspector: sees each SQL statement on the thread about to prepare it. */
    static final class HoldBeforeTheReceipt implements StatementInspector {

        private static final long serialVersionUID = 1L;

        @Override
        public String inspect(String sql) {
            String thread = Thread.currentThread().getName();
            if (thread.startsWith("db-scheduler") && sql.toLowerCase(Locale.ROOT).startsWith("insert into receipt")) {
                System.out.println("hook: holding " + thread);
                System.out.flush();
                try {
                    new CountDownLatch(1).await();   // until the test kills this JVM
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while held before the receipt", e);
                }
            }
            return sql;
        }
    }
}
