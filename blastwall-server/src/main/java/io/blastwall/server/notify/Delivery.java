package io.blastwall.server.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * One sink's delivery line: a bounded queue and its own worker thread, so that a slow or dead receiver delays only
 * its own messages — never the event feed, the API or the other sink.
 *
 * <p>{@link #offer} never blocks: when the queue is full the event is dropped and counted. The worker posts each
 * event, retrying connection failures, timeouts, 408, 429 and 5xx with {@link RetryPolicy} backoff; any other 4xx is
 * a permanent refusal and is not retried. Giving up is logged with the sink's origin, the event and the change id —
 * never the URL's path, the secret or a signature.
 *
 * <p>Thread-safe: {@link #offer} from any thread; one worker consumes.
 */
final class Delivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    private final Sink sink;
    private final Function<Event, Notification> enrich;
    private final BlockingQueue<Event> queue;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final NotifyMetrics metrics;
    private final Thread worker;
    private volatile boolean dropping;
    private volatile boolean closed;

    Delivery(Sink sink, Function<Event, Notification> enrich, int capacity, RetryPolicy retry, Duration timeout,
             HttpClient http, Clock clock, Sleeper sleeper, RandomGenerator random, NotifyMetrics metrics) {
        this.sink = sink;
        this.enrich = enrich;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.retry = retry;
        this.timeout = timeout;
        this.http = http;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.metrics = metrics;
        this.worker = Thread.ofPlatform().daemon().name("blastwall-notify-" + sink.kind()).unstarted(this::run);
        worker.start();
    }

    /** Queues an event for delivery; false (and counted as dropped) when the queue is full. Never blocks. */
    boolean offer(Event e) {
        if (queue.offer(e)) {
            dropping = false;
            return true;
        }
        metrics.dropped(sink.kind());
        if (!dropping) {
            dropping = true; // once per burst: a full queue must not flood the log too
            LOG.atWarn().addKeyValue("sink", sink.describe()).addKeyValue("capacity", queue.remainingCapacity() + queue.size())
                    .log("notification queue full: dropping notifications until it drains");
        }
        return false;
    }

    private void run() {
        while (!closed) {
            Event e;
            try {
                e = queue.take();
            } catch (InterruptedException ex) {
                break;
            }
            try {
                deliver(enrich.apply(e));
            } catch (InterruptedException ex) {
                break;
            } catch (RuntimeException ex) {
                metrics.failed(sink.kind());
                LOG.atWarn().addKeyValue("sink", sink.describe()).addKeyValue("event", e.kind().eventName())
                        .addKeyValue("change", e.changeId()).addKeyValue("error", ex.getClass().getSimpleName())
                        .log("notification not sent");
            }
        }
        if (!queue.isEmpty()) {
            LOG.atInfo().addKeyValue("sink", sink.describe()).addKeyValue("pending", queue.size())
                    .log("notifications not sent: the server stopped");
        }
    }

    private void deliver(Notification n) throws InterruptedException {
        String outcome = "";
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            if (attempt > 1) {
                metrics.retried(sink.kind());
                sleeper.sleep(retry.delay(attempt - 1, random));
            }
            Optional<String> failure = attempt(n);
            if (failure.isEmpty()) {
                metrics.delivered(sink.kind());
                return;
            }
            outcome = failure.get();
            if (outcome.startsWith("refused")) break; // a permanent 4xx: retrying will not help
        }
        metrics.failed(sink.kind());
        LOG.atWarn().addKeyValue("sink", sink.describe()).addKeyValue("event", n.event().kind().eventName())
                .addKeyValue("change", n.event().changeId()).addKeyValue("outcome", outcome)
                .log("notification given up");
    }

    /** One POST; empty when delivered, else why not ("status 503", "refused: status 404", "timeout", "IOException"). */
    private Optional<String> attempt(Notification n) throws InterruptedException {
        Sink.Request r = sink.request(n, clock.instant());
        HttpRequest.Builder b = HttpRequest.newBuilder(sink.url()).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", "blastwall-notify")
                .POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
        r.headers().forEach(b::header);
        try {
            HttpResponse<Void> res = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
            int s = res.statusCode();
            if (s >= 200 && s < 300) return Optional.empty();
            if (s == 408 || s == 429 || s >= 500) return Optional.of("status " + s);
            return Optional.of("refused: status " + s);
        } catch (java.net.http.HttpTimeoutException ex) {
            return Optional.of("timeout");
        } catch (IOException ex) {
            // the exception's message may carry the URL: only its type is said
            return Optional.of(ex.getClass().getSimpleName());
        }
    }

    /** Stops the worker (a delivery in flight is interrupted); what is still queued is not sent. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int queued() {
        return queue.size();
    }
}
