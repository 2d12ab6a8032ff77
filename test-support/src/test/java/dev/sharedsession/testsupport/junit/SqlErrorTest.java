package dev.sharedsession.testsupport.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SqlError: the SQLState and vendor code under a failure, whatever wraps them")
class SqlErrorTest {

    @Test
    @DisplayName("the first SQLException in the cause chain answers, however deep")
    void theFirstSqlExceptionInTheChainAnswers() {
        SQLException unique = new SQLException("Unique index or primary key violation [23505-252]", "23505", 23505);
        RuntimeException wrapped = new IllegalStateException("outer", new RuntimeException("inner", unique));

        assertThat(SqlError.of(wrapped)).isEqualTo(new SqlError("23505", 23505));
    }

    @Test
    @DisplayName("a failure with no SQLException under it fails the test, naming the failure")
    void noSqlExceptionFailsTheTest() {
        RuntimeException plain = new IllegalStateException("not from the database");

        assertThatThrownBy(() -> SqlError.of(plain)).isInstanceOf(AssertionError.class)
                .hasMessage("no SQLException in the cause chain of java.lang.IllegalStateException: not from the database");
    }
}
