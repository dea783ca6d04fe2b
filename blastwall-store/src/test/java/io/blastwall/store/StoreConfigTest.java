package io.blastwall.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreConfigTest {

    @Test
    void sqliteUrlsAndTheDataDirDefault() {
        StoreConfig c = StoreConfig.parse("sqlite:/var/lib/blastwall/blastwall.db");
        assertThat(c.kind()).isEqualTo(StoreConfig.Kind.SQLITE);
        assertThat(c.sqliteFile()).isEqualTo(Path.of("/var/lib/blastwall/blastwall.db"));
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:sqlite:/var/lib/blastwall/blastwall.db");
        assertThat(StoreConfig.parse("sqlite:///tmp/x.db").sqliteFile()).isEqualTo(Path.of("/tmp/x.db"));
        assertThat(StoreConfig.inDataDir(Path.of("/data")).describe()).isEqualTo("sqlite:/data/blastwall.db");
        assertThat(StoreConfig.parse("sqlite:rel/b.db").sqliteFile()).isAbsolute();
    }

    @Test
    void postgresUrlBecomesJdbcWithCredentialsApart() {
        StoreConfig c = StoreConfig.parse("postgresql://bw:s%40cret+1@db.internal:6543/blastwall?sslmode=require");
        assertThat(c.kind()).isEqualTo(StoreConfig.Kind.POSTGRESQL);
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/blastwall?sslmode=require");
        assertThat(c.user()).isEqualTo("bw");
        assertThat(c.password()).isEqualTo("s@cret+1");
        assertThat(c.describe()).isEqualTo("postgresql://bw@db.internal:6543/blastwall").doesNotContain("cret");
        assertThat(c.toString()).doesNotContain("cret");
        assertThat(StoreConfig.parse("postgres://h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
    }

    @Test
    void badUrlsNameTheExpectedFormsAndNeverEchoAPassword() {
        for (String bad : new String[]{"", "mysql://u:topsecret@h/db", "sqlite:", "sqlite::memory:",
                "postgresql://u:topsecret@/db", "postgresql://u:topsecret@h", "postgresql://u:topsecret@h/a/b",
                "blastwall.db"}) {
            assertThatThrownBy(() -> StoreConfig.parse(bad), bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sqlite:/path/to/blastwall.db")
                    .hasMessageContaining("postgresql://")
                    .message().doesNotContain("topsecret");
        }
    }
}
