package io.blastwall.adapters.kubernetes;

import io.blastwall.core.controlplane.SubmittedDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectoryChangeDocumentsTest {

    @TempDir
    Path root;

    @Test
    void readsTheRevisionsManifestsInNameOrder() throws IOException {
        Path rev = Files.createDirectories(root.resolve("chg-1/2"));
        Files.writeString(rev.resolve("b.yaml"), "kind: B");
        Files.writeString(rev.resolve("a.json"), "{}");
        Files.writeString(rev.resolve("notes.txt"), "ignored");
        var docs = new DirectoryChangeDocuments(root).documents("chg-1", 2).orElseThrow();
        assertThat(docs).extracting(SubmittedDocument::name).containsExactly("a.json", "b.yaml");
        assertThat(docs.get(1).content()).isEqualTo("kind: B");
    }

    @Test
    void aMissingRevisionIsEmpty() {
        assertThat(new DirectoryChangeDocuments(root).documents("chg-1", 1)).isEmpty();
    }

    @Test
    void aChangeIdThatCouldLeaveTheRootIsRefused() {
        DirectoryChangeDocuments d = new DirectoryChangeDocuments(root);
        assertThatThrownBy(() -> d.documents("../etc", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.documents("a/b", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
