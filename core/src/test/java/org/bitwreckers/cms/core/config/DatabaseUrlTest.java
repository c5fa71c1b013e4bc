package org.bitwreckers.cms.core.config;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DatabaseUrlTest {
    @Test
    void parsesTheSpecForm() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://user:p%40ss@db.example:6543/bitwreckers?sslmode=require");
        assertThat(url.user(), is("user"));
        assertThat(url.password(), is("p@ss"));
        assertThat(url.jdbcUrl(), is("jdbc:postgresql://db.example:6543/bitwreckers?sslmode=require"));
        assertThat(url.toString(), not(containsString("p@ss")));
        assertThat(DatabaseUrl.parse("postgres://localhost/x").port(), is(5432));
        assertThat(DatabaseUrl.parse("postgresql://u:a+b%3Ac@h/d").password(), is("a+b:c"));
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h:1/d").host(), is("h"));
    }

    @Test
    void refusesWhatIsNotAPostgresUrl() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("mysql://h/d")).getMessage(),
                   containsString("postgresql://"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("postgresql://h/")).getMessage(),
                   containsString("database name"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("postgresql://h/a\"b")).getMessage(),
                   containsString("URL"));
    }
}
