package io.blastwall.server.notify;

import java.time.Duration;

/** Waits between delivery attempts; tests inject one that records the waits instead. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = d -> Thread.sleep(d);

    void sleep(Duration d) throws InterruptedException;
}
