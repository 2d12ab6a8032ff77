package dev.sharedsession.web.shared;

import com.zaxxer.hikari.HikariDataSource;
import dev.sharedsession.database.Database;
import dev.sharedsession.database.Engine;
import dev.sharedsession.database.IsolatedDatabase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database of both applications, chosen as everywhere in this project: {@code -Ddb=h2|postgresql|mariadb}
 * (H2 in memory by default), {@code -Ddb.url}/{@code DB_URL}, {@code -Ddb.user}/{@code DB_USER}, the
 * password from {@code DB_PASSWORD} or a file. On a server each run gets a schema (PostgreSQL) or
 * database (MariaDB) of its own, dropped when the application stops. Spring Boot builds Hibernate
 * (its JPA auto-configuration) on the pool made here.
 */
@Configuration(proxyBeanMethods = false)
public class ShopDatabase {

    @Bean
    IsolatedDatabase isolatedDatabase() {
        return IsolatedDatabase.open(Database.Settings.fromSystemProperties("shop"));
    }

    /** Closed before the namespace is dropped: it depends on it. */
    @Bean
    HikariDataSource dataSource(IsolatedDatabase database) {
        Database.Settings settings = database.settings();
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("shop");
        pool.setJdbcUrl(settings.url());
        pool.setUsername(settings.user());
        pool.setPassword(settings.password());
        pool.setMaximumPoolSize(settings.poolSize());
        // Few idle connections kept open: several shops (tests' application contexts, worker JVMs)
        // share one server, whose connections are counted (PostgreSQL allows 100 by default).
        pool.setMinimumIdle(Math.min(2, settings.poolSize()));
        pool.setConnectionTimeout(settings.connectionTimeout().toMillis());
        if (settings.engine() == Engine.MARIADB) {
            // As in Database: every engine at READ COMMITTED, so they differ only where threads do.
            pool.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        }
        return pool;
    }
}
