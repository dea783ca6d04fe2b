package io.blastwall.adapters.command;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedCaptureTest {

    private static BoundedCapture drained(int limit, String text) {
        BoundedCapture c = new BoundedCapture(limit);
        c.drain(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        return c;
    }

    @Test
    void shortOutputIsKeptWhole() {
        assertThat(drained(16, "hello").text()).isEqualTo("hello");
        assertThat(drained(16, "0123456789abcdef").text()).isEqualTo("0123456789abcdef");
    }

    @Test
    void longOutputKeepsHeadAndTailAndSaysHowMuchWasCut() {
        BoundedCapture c = drained(8, "ABCD" + "x".repeat(100) + "WXYZ");
        assertThat(c.totalBytes()).isEqualTo(108);
        assertThat(c.text()).startsWith("ABCD").endsWith("WXYZ").contains("[... 100 bytes omitted");
    }

    @Test
    void tailWrapsAroundInOrder() {
        BoundedCapture c = new BoundedCapture(8);
        byte[] all = "0123456789".getBytes(StandardCharsets.UTF_8);
        for (byte b : all) c.accept(new byte[] {b}, 1);
        assertThat(c.text()).startsWith("0123").endsWith("6789").contains("2 bytes omitted");
    }
}
