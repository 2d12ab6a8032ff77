package dev.sharedsession.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Entities;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.model.Region;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Session;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Why {@link Database} uses the native bootstrap: the two Hibernate 7 bootstrap routes do not
 * agree on what {@code close()} means while a transaction is active.
 */
@DisplayName("The bootstrap route decides what close() means mid-transaction")
class BootstrapChoiceTest {

    @Test
    @DisplayName("native bootstrap: close() mid-transaction closes at once, the next call fails and the connection is back in the pool")
    void nativeBootstrapClosesAtOnce() {
        try (Database db = Database.open(Database.Settings.fromSystemProperties("bootstrap-native"))) {
            long id = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
            Session session = db.sessionFactory().openSession();
            session.beginTransaction();
            session.find(Customer.class, id); // acquires the JDBC connection
            assertThat(db.activeConnections()).isEqualTo(1);

            session.close();

            assertThat(session.isOpen()).isFalse();
            assertThatThrownBy(() -> session.find(Customer.class, id))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Session/EntityManager is closed");
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("JPA bootstrap: close() mid-transaction is deferred; the 'closed' EntityManager still works until the commit")
    void jpaBootstrapDefersCloseUntilTheTransactionEnds() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(Database.Settings.h2InMemory("bootstrap-jpa").url());
            try (EntityManagerFactory factory = new HibernatePersistenceConfiguration("bootstrap-jpa")
                    .managedClasses(Entities.ALL)
                    .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool)
                    .schemaToolingAction(Action.CREATE)
                    .createEntityManagerFactory()) {
                EntityManager em = factory.createEntityManager();
                em.getTransaction().begin();
                Region north = new Region("North");
                em.persist(north);
                em.flush(); // acquires the JDBC connection

                em.close();

                // Closed in name only: isOpen() says false, yet it still answers and holds its connection.
                assertThat(em.isOpen()).isFalse();
                assertThat(em.find(Region.class, north.getId())).isSameAs(north);
                assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isEqualTo(1);
                em.getTransaction().commit();

                assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
                assertThatThrownBy(() -> em.find(Region.class, north.getId()))
                        .isInstanceOf(IllegalStateException.class).hasMessage("Session/EntityManager is closed");
            }
        }
    }
}
