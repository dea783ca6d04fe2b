package io.blastwall.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the CLI in-process and captures its exit code and both streams. */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The repository root (surefire sets blastwall.root; fall back to the module's parent). */
    static Path root() {
        String r = System.getProperty("blastwall.root");
        return r != null ? Path.of(r) : Path.of("..").toAbsolutePath().normalize();
    }

    static String example(String relative) {
        return root().resolve("examples").resolve(relative).toString();
    }

    /** A Wednesday morning: outside the default pack's weekend freeze window. */
    static final String WEDNESDAY = "2026-11-25T10:00:00Z";
}
