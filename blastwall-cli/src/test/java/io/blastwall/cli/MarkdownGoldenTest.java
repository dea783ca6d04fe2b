package io.blastwall.cli;

import io.blastwall.cli.render.MarkdownRenderer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.blastwall.cli.CliRun.WEDNESDAY;
import static io.blastwall.cli.CliRun.example;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check --format markdown} against reviewed golden files (src/test/resources/golden/*.md): deny, needs
 * approval, allow, and a hostile estate and change whose names and title try to inject HTML, links, images, code,
 * table cells and mentions. To accept a deliberate change of the output, run with {@code -Dblastwall.updateGolden=true}
 * and review the diff.
 */
class MarkdownGoldenTest {

    private static final Path GOLDEN = CliRun.root().resolve("blastwall-cli/src/test/resources/golden");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "deny-detach-lb-targets;20;estate/shop.yaml;changes/06-agent-detach-lb-targets.json;--agent agent:cleanup-bot --on-behalf-of frank",
            "needs-approval-config-timeout;10;estate/shop.yaml;changes/01-human-config-timeout.yaml;",
            "allow-search-tags;0;estate/shop.yaml;changes/05-human-search-tags.json;--author erin",
    })
    void matchesTheGoldenFile(String name, int code, String estate, String change, String extra) throws Exception {
        String[] more = extra == null ? new String[0] : extra.split(" ");
        String[] base = {"check", "--estate", example(estate), "--change", example(change), "--now", WEDNESDAY, "--format", "markdown"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        CliRun r = CliRun.of(all);
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        assertGolden(name, r.out());
    }

    @Test
    void hostileNamesAreEscaped() throws Exception {
        Path dir = GOLDEN.resolve("hostile");
        CliRun r = CliRun.of("check", "--estate", dir.resolve("estate.yaml").toString(), "--change",
                dir.resolve("change.yaml").toString(), "--now", WEDNESDAY, "--format", "markdown");
        assertThat(r.code()).as(r.err()).isEqualTo(20);
        String md = r.out();
        // outside inline code no raw tag, no link or image syntax, no live mention survives
        String prose = md.replaceAll("`[^`\\n]*`", "").replace(MarkdownRenderer.MARKER, "");
        assertThat(prose).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>")
                .doesNotContainPattern("(?<!\\\\)\\]\\(").doesNotContain("@admins").doesNotContain("**urgent**");
        assertThat(prose.replace("<sub>", "").replace("</sub>", "")).doesNotContain("<").doesNotContain(">");
        // every table row keeps exactly its four cells
        md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| Component"))
                .forEach(l -> assertThat(l.replace("\\|", "").chars().filter(c -> c == '|').count()).as(l).isEqualTo(5));
        assertGolden("hostile", md);
    }

    @Test
    void escapingCoversEveryMetacharacter() {
        assertThat(MarkdownRenderer.esc("a<b>&\"c\"|*_`[x](y)\\#~$ @team\nnext"))
                .isEqualTo("a&lt;b&gt;&amp;&quot;c&quot;\\|\\*\\_\\`\\[x\\](y)\\\\\\#\\~\\$ @&#8203;team next");
    }

    private static void assertGolden(String name, String actual) throws Exception {
        Path file = GOLDEN.resolve(name + ".md");
        if (Boolean.getBoolean("blastwall.updateGolden")) Files.writeString(file, actual, StandardCharsets.UTF_8);
        assertThat(file).as("golden file %s (run with -Dblastwall.updateGolden=true to create it)", file).exists();
        assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
