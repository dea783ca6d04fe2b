package io.blastwall.formats.doc;

import io.blastwall.core.BadInputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link Documents#parseLinesOnDemand} and {@link LineMaps}: the same documents, lines and errors as the eager parse. */
class LinesOnDemandTest {

    private static final String NESTED = """
            {"a": {"b": {"c": [1, {"d": "x"},
              [true, null]]},
             "e": 2},
             "f": [
               {"g": {"h": 3.5}}
             ]}
            """;

    @Test
    void sameTreeAndEveryLineAsTheEagerParse() throws Exception {
        for (String text : List.of(NESTED, Files.readString(Path.of("..", "examples", "kubernetes", "admission-reviews",
                "deployment-update-human.json")))) {
            LocatedDocument eager = Documents.parse("t.json", text, Documents.Syntax.JSON).getFirst();
            LocatedDocument lazy = Documents.parseLinesOnDemand("t.json", text, Documents.Syntax.JSON).getFirst();
            assertThat(lazy.root()).isEqualTo(eager.root());
            for (Map.Entry<String, Integer> e : eager.lines().entrySet()) {
                assertThat(lazy.lines().get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
                assertThat(lazy.at(e.getKey())).isEqualTo(eager.at(e.getKey()));
            }
            assertThat(new HashMap<>(lazy.lines())).isEqualTo(eager.lines());
            assertThat(lazy.at("$.no.such.path")).isEqualTo(eager.at("$.no.such.path"));
        }
    }

    @Test
    void deepLinesAreFoundOnlyWhenAskedFor() {
        LocatedDocument lazy = Documents.parseLinesOnDemand("t.json", NESTED, Documents.Syntax.JSON).getFirst();
        assertThat(lazy.lines().get("$.f[0].g.h")).isEqualTo(5);
        assertThat(lazy.lines().get("$.a.b.c[2][0]")).isEqualTo(2);
    }

    @Test
    void sameErrorsAsTheEagerParse() {
        for (String bad : List.of("{\"a\": [1, 2}", "{\"a\": 1, \"a\": 2}", "{} []", "{\"a\":")) {
            BadInputException eager = assertThrows(BadInputException.class, () -> Documents.parse("t.json", bad, Documents.Syntax.JSON));
            BadInputException lazy = assertThrows(BadInputException.class, () -> Documents.parseLinesOnDemand("t.json", bad, Documents.Syntax.JSON));
            assertThat(lazy.getMessage()).isEqualTo(eager.getMessage());
        }
    }

    @Test
    void aValueInsideADocumentIsADocumentOfItsOwn() {
        LocatedDocument doc = Documents.parseLinesOnDemand("t.json", NESTED, Documents.Syntax.JSON).getFirst();
        Map<String, Integer> inner = LineMaps.under(doc.lines(), "$.a.b");
        assertThat(inner.get("$")).isEqualTo(1);
        assertThat(inner.get("$.c[2]")).isEqualTo(2);
        assertThat(inner.get("$.nothing")).isNull();
        assertThat(inner).containsOnlyKeys("$", "$.c", "$.c[0]", "$.c[1]", "$.c[1].d", "$.c[2]", "$.c[2][0]", "$.c[2][1]");
        assertThat(LineMaps.under(doc.lines(), "$.a").get("$.e")).isEqualTo(3);
    }
}
