package io.blastwall.server;

import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.store.StoreReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server's event feed: ledger entries as they are committed, delivered in sequence order to every subscriber.
 *
 * <p>Every state change of a change, a decision or a rollout step is a ledger entry committed in the same transaction
 * as the change itself, so tailing the ledger gives an event stream that is complete (nothing moves without an entry),
 * ordered (the ledger's order is commit order), and shared by every replica on one database (an approval taken on
 * replica A reaches the console connected to replica B). One thread per server reads the new entries every
 * {@code interval}, starting after the head at {@link #start}; subscribers (server-sent events, notifications) must
 * return quickly and must not block — hand work to their own queue.
 *
 * <p>When the store cannot be read, polling logs once and retries on the next tick; no entry is skipped. Thread-safe.
 */
public final class LedgerEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerEvents.class);
    private static final int BATCH = 500;

    private final StoreReader store;
    private final List<Consumer<LedgerEntry>> subscribers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private volatile long next;
    private volatile boolean failing;

    private LedgerEvents(StoreReader store, Duration interval) {
        this.store = Objects.requireNonNull(store, "store");
        this.next = store.ledgerHead().map(e -> e.sequence() + 1).orElse(1L);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blastwall-ledger-events");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(10, interval.toMillis());
        timer.scheduleWithFixedDelay(this::pollQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Starts tailing {@code store} from after its current head, reading every {@code interval}. */
    public static LedgerEvents start(StoreReader store, Duration interval) {
        return new LedgerEvents(store, interval);
    }

    /** Adds a subscriber; the returned handle removes it. */
    public AutoCloseable subscribe(Consumer<LedgerEntry> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Reads and delivers what is new now rather than on the next tick (after a local write). Never blocks long. */
    public void poke() {
        if (!timer.isShutdown()) timer.execute(this::pollQuietly);
    }

    /** The sequence number the next delivered entry will have. */
    public long nextSequence() {
        return next;
    }

    private void pollQuietly() {
        try {
            while (true) {
                List<LedgerEntry> batch = store.ledgerFeed(next, BATCH);
                for (LedgerEntry e : batch) {
                    for (Consumer<LedgerEntry> s : subscribers) {
                        try {
                            s.accept(e);
                        } catch (RuntimeException ex) {
                            LOG.atWarn().setCause(ex).addKeyValue("sequence", e.sequence()).log("event subscriber failed");
                        }
                    }
                    next = e.sequence() + 1;
                }
                if (failing) {
                    failing = false;
                    LOG.atInfo().log("ledger events: store readable again");
                }
                if (batch.size() < BATCH) return;
            }
        } catch (RuntimeException e) {
            if (!failing) LOG.atWarn().addKeyValue("error", String.valueOf(e.getMessage())).log("ledger events: cannot read the store; retrying");
            failing = true;
        }
    }

    /** Stops polling. Idempotent. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
