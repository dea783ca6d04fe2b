package io.blastwall.formats;

import io.blastwall.core.BadInputException;
import io.blastwall.core.change.Change;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.blastwall.formats.TestSupport.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangeReadersTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void detectsEachFormat() {
        assertThat(ChangeReaders.read(TestSupport.resource("terraform/scale-detection.json")).source()).isEqualTo("terraform-plan");
        assertThat(ChangeReaders.read(TestSupport.resource("changefile/full.yaml")).source()).isEqualTo("blastwall-change");
        assertThat(ChangeReaders.read(TestSupport.resource("kubernetes/desired.yaml")).source()).isEqualTo("kubernetes");
    }

    @Test
    void aPlanIsRecognisedWhateverItsFileName() throws Exception {
        Path p = write("plan.out", Files.readString(TestSupport.resource("terraform/create-then-delete.json")));
        assertThat(ChangeReaders.read(p).source()).isEqualTo("terraform-plan");
    }

    @Test
    void manifestFilesAndDirectoriesCombineInNameOrder() throws Exception {
        write("m/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: shop}\n");
        write("m/a.json", "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\", \"namespace\": \"shop\"}}");
        write("m/notes.txt", "not read");
        Path extra = write("extra.yml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
        Path current = write("live.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop}\n---\n"
                + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gone, namespace: shop}\n");
        Change c = ChangeReaders.read(List.of(dir.resolve("m"), extra), Optional.of(current), true);
        assertThat(lines(c)).containsExactly("ConfigMap/shop/a no-op", "ConfigMap/shop/b create", "Namespace/shop create",
                "ConfigMap/shop/gone delete");
    }

    @Test
    void unrecognisedInputSaysWhichFormatsAreAccepted() throws Exception {
        Path p = write("x.yaml", "hello: world\n");
        assertThatThrownBy(() -> ChangeReaders.read(p)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("x.yaml:1").hasMessageContaining("Terraform/OpenTofu plan")
                .hasMessageContaining("blastwall.io/v1").hasMessageContaining("Kubernetes manifests");
        Path empty = write("empty.yaml", "# nothing\n");
        assertThatThrownBy(() -> ChangeReaders.read(empty)).hasMessageContaining("is empty");
        Files.createDirectories(dir.resolve("nothing"));
        assertThatThrownBy(() -> ChangeReaders.read(dir.resolve("nothing"))).hasMessageContaining("no *.yaml");
        assertThatThrownBy(() -> ChangeReaders.read(List.of(), Optional.empty(), false)).hasMessageContaining("no change given");
    }

    @Test
    void formatsAreNotMixed() throws Exception {
        Path manifest = write("m.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        Path plan = TestSupport.resource("terraform/create-then-delete.json");
        assertThatThrownBy(() -> ChangeReaders.read(List.of(manifest, plan), Optional.empty(), false))
                .hasMessageContaining("cannot be combined");
        assertThatThrownBy(() -> ChangeReaders.read(List.of(plan, plan), Optional.empty(), false))
                .hasMessageContaining("cannot be combined");
        Path mixed = write("mixed.yaml", "apiVersion: blastwall.io/v1\nkind: Change\nactions: [{action: restart, component: web}]\n---\n"
                + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        assertThatThrownBy(() -> ChangeReaders.read(mixed)).hasMessageContaining("mixed.yaml:5").hasMessageContaining("cannot be combined");
    }

    @Test
    void currentObjectsAndPruneOnlyWithManifests() throws Exception {
        Path plan = TestSupport.resource("terraform/create-then-delete.json");
        Path manifest = write("m.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        assertThatThrownBy(() -> ChangeReaders.read(List.of(plan), Optional.of(manifest), false)).hasMessageContaining("only to Kubernetes");
        assertThatThrownBy(() -> ChangeReaders.read(List.of(manifest), Optional.empty(), true)).hasMessageContaining("prune needs");
        Path notK8s = write("live.yaml", "hello: world\n");
        assertThatThrownBy(() -> ChangeReaders.read(List.of(manifest), Optional.of(notK8s), false))
                .hasMessageContaining("live.yaml:1").hasMessageContaining("current objects must be Kubernetes objects");
    }

    @Test
    void filesOverTheLimitAreRefusedBeforeReading() throws Exception {
        Path big = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(ChangeReaders.MAX_BYTES + 1); // sparse: costs no disk and is never read
        }
        assertThatThrownBy(() -> ChangeReaders.read(big)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("huge.json").hasMessageContaining("256 MiB");
    }
}
