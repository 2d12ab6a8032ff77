package dev.sharedsession.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("One switch chooses the database: -Ddb=h2|postgresql|mariadb")
class DatabaseSwitchTest {

    private static final String[] SWITCHES = {"db", "db.url", "db.user", "db.password", "db.password.file"};
    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void clearTheSwitches() {
        for (String name : SWITCHES) {
            String value = System.getProperty(name);
            if (value != null) {
                saved.put(name, value);
            }
            System.clearProperty(name);
        }
    }

    @AfterEach
    void restoreTheSwitches() {
        for (String name : SWITCHES) {
            System.clearProperty(name);
        }
        saved.forEach(System::setProperty);
    }

    @Test
    @DisplayName("no switch: a fresh in-memory H2 database")
    void noSwitchIsH2() {
        Database.Settings settings = Database.Settings.fromSystemProperties("switch");
        assertThat(settings.engine()).isEqualTo(Engine.H2);
        assertThat(settings.url()).startsWith("jdbc:h2:mem:switch_");
    }

    @Test
    @DisplayName("-Ddb=postgresql and -Ddb=mariadb: the local servers, as their default users")
    void serversHaveDefaults() {
        System.setProperty("db", "postgresql");
        assertThat(Database.Settings.fromSystemProperties("switch"))
                .extracting(Database.Settings::url, Database.Settings::user)
                .containsExactly("jdbc:postgresql://127.0.0.1:5432/test", "postgres");
        System.setProperty("db", "MariaDB");
        assertThat(Database.Settings.fromSystemProperties("switch"))
                .extracting(Database.Settings::url, Database.Settings::user)
                .containsExactly("jdbc:mariadb://127.0.0.1:3306/test", "root");
    }

    @Test
    @DisplayName("-Ddb.url alone says which database it is; a -Ddb that contradicts it is refused")
    void theUrlSaysWhichDatabase() {
        System.setProperty("db.url", "jdbc:postgresql://db.example:5433/shop");
        System.setProperty("db.user", "shop");
        Database.Settings settings = Database.Settings.fromSystemProperties("switch");
        assertThat(settings.engine()).isEqualTo(Engine.POSTGRESQL);
        assertThat(settings.user()).isEqualTo("shop");

        System.setProperty("db", "mariadb");
        assertThatThrownBy(() -> Database.Settings.fromSystemProperties("switch"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Ddb=mariadb does not match the URL jdbc:postgresql://db.example:5433/shop; leave one of them out");
    }

    @Test
    @DisplayName("an unknown database is refused with the three choices")
    void unknownDatabase() {
        System.setProperty("db", "oracle");
        assertThatThrownBy(() -> Database.Settings.fromSystemProperties("switch"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown database 'oracle': choose h2, postgresql or mariadb");
    }

    @Test
    @DisplayName("a password on the command line is refused, and a password never shows in the settings' text")
    void passwordsStayOutOfSight() {
        System.setProperty("db.password", "s3cret");
        assertThatThrownBy(() -> Database.Settings.fromSystemProperties("switch"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("-Ddb.password puts the password on the command line");
        var settings = new Database.Settings("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "s3cret", 2,
                java.time.Duration.ofSeconds(1), Map.of());
        assertThat(settings.toString()).doesNotContain("s3cret");
    }
}
