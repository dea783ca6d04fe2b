package io.blastwall.server;

import io.blastwall.core.controlplane.AuthenticationException;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.StoreReader;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.blastwall.server.Views.ordered;

/**
 * Server-sent events of the ledger ({@code GET /api/v1/events}), for browsers, whose {@code EventSource} cannot send
 * an {@code Authorization} header.
 *
 * <p>Authentication is a ticket: {@code POST /api/v1/events/tickets} (with the usual bearer credential) returns a
 * random 256-bit ticket that opens <em>one</em> stream, within {@link #TICKET_TTL}, for the principal that asked. It is
 * removed when used, so a ticket that leaks through a proxy log or the browser history is worthless; it grants
 * reading the event feed only, nothing else. Tickets live in this replica's memory: behind a load balancer the
 * client asks again when a stream is refused.
 *
 * <p>Each event is one ledger entry, {@code id} its sequence number, {@code data} its sequence, time, actor, action
 * and change id (no payload: clients read what changed through the API, with their own rights). A client that
 * reconnects with {@code after=N} (or {@code Last-Event-ID}) first gets what it missed from the store (up to
 * {@link #REPLAY_MAX}, else a {@code reset} event: reload). A stream ends after {@link #LIFETIME} with an {@code end}
 * event, when the server drains, or with {@code reset} when the client reads too slowly; the client then reconnects
 * with a new ticket. At most {@link #MAX_STREAMS} open streams per principal. Thread-safe.
 */
final class EventStream {

    static final Duration TICKET_TTL = Duration.ofSeconds(30);
    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final int MAX_STREAMS = 8;
    static final int MAX_TICKETS = 10_000;
    static final int REPLAY_MAX = 1000;
    private static final int QUEUE = 1024;

    private record Ticket(Principal principal, Instant expires) {
    }

    private final StoreReader store;
    private final LedgerEvents events;
    private final Clock clock;
    private final BooleanSupplier running;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    EventStream(StoreReader store, LedgerEvents events, Clock clock, BooleanSupplier running) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.running = running;
    }

    void register(ReadApi.Routes r) {
        r.add(HandlerType.POST, Views.API + "/events/tickets", ServerContext.Access.AUTHENTICATED, this::issue);
        // PUBLIC to the wrapper: the ticket is the credential, checked here
        r.add(HandlerType.GET, Views.API + "/events", ServerContext.Access.PUBLIC, this::stream);
    }

    void issue(Context ctx) {
        Principal p = ctx.attribute(BlastwallServer.PRINCIPAL);
        Instant now = clock.instant();
        tickets.values().removeIf(t -> t.expires().isBefore(now));
        if (tickets.size() >= MAX_TICKETS) {
            throw new Problems.Fixed(503, "too-many-tickets", "Too many unused event tickets",
                    "this server holds " + MAX_TICKETS + " unused event tickets; retry in " + TICKET_TTL.toSeconds() + " s");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expires = now.plus(TICKET_TTL);
        tickets.put(ticket, new Ticket(p, expires));
        ctx.header("Cache-Control", "no-store");
        ctx.status(201).contentType("application/json").result(Json.write(ordered("ticket", ticket,
                "expiresAt", expires.toString(), "stream", Views.API + "/events?ticket=" + ticket), false));
    }

    void stream(Context ctx) throws IOException {
        String key = ctx.queryParam("ticket");
        Ticket t = key == null ? null : tickets.remove(key);
        if (t == null || t.expires().isBefore(clock.instant())) {
            throw new AuthenticationException("the event stream needs a fresh ticket: POST " + Views.API
                    + "/events/tickets with your bearer credential, then open " + Views.API + "/events?ticket=<ticket>"
                    + " within " + TICKET_TTL.toSeconds() + " s (each ticket opens one stream)");
        }
        Principal p = t.principal();
        ctx.attribute(BlastwallServer.PRINCIPAL, p);
        long after = after(ctx);
        AtomicInteger count = open.computeIfAbsent(p.id(), k -> new AtomicInteger());
        if (count.incrementAndGet() > MAX_STREAMS) {
            count.decrementAndGet();
            throw new Problems.Fixed(429, "too-many-streams", "Too many event streams",
                    p.id() + " already has " + MAX_STREAMS + " event streams open; close one (one per page is enough)");
        }
        BlockingQueue<LedgerEntry> queue = new ArrayBlockingQueue<>(QUEUE);
        AtomicBoolean overflow = new AtomicBoolean();
        AutoCloseable sub = events.subscribe(e -> {
            if (!queue.offer(e)) overflow.set(true);
        });
        try {
            ctx.status(200);
            ctx.res().setContentType("text/event-stream; charset=utf-8");
            ctx.res().setHeader("Cache-Control", "no-store");
            ctx.res().setHeader("X-Accel-Buffering", "no");
            OutputStream out = ctx.res().getOutputStream();
            write(out, ": blastwall ledger events\nretry: 5000\n\n");
            long last = after;
            if (after >= 0) {
                List<LedgerEntry> missed = store.ledgerRange(after + 1, REPLAY_MAX);
                if (missed.size() >= REPLAY_MAX) {
                    write(out, "event: reset\ndata: {\"reason\":\"more than " + REPLAY_MAX + " events were missed; reload\"}\n\n");
                    return;
                }
                for (LedgerEntry e : missed) {
                    send(out, e);
                    last = e.sequence();
                }
            }
            Instant deadline = clock.instant().plus(LIFETIME);
            Instant beat = clock.instant().plus(HEARTBEAT);
            while (running.getAsBoolean() && clock.instant().isBefore(deadline) && !overflow.get()) {
                LedgerEntry e = queue.poll(1, TimeUnit.SECONDS);
                if (e == null) {
                    if (clock.instant().isAfter(beat)) {
                        write(out, ": keep-alive\n\n");
                        beat = clock.instant().plus(HEARTBEAT);
                    }
                    continue;
                }
                if (e.sequence() <= last) continue;
                send(out, e);
                last = e.sequence();
            }
            String reason = overflow.get() ? "reset" : "end";
            write(out, "event: " + reason + "\ndata: " + Json.write(ordered("after", last), false) + "\n\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away: nothing to report
        } finally {
            try {
                sub.close();
            } catch (Exception ignored) {
                // removing a subscriber cannot fail
            }
            count.decrementAndGet();
        }
    }

    private static long after(Context ctx) {
        String v = ctx.queryParam("after");
        if (v == null || v.isBlank()) v = ctx.header("Last-Event-ID");
        if (v == null || v.isBlank()) return -1;
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0) throw Problems.Invalid.query("after", "must be 0 or more, was " + n);
            return n;
        } catch (NumberFormatException e) {
            throw Problems.Invalid.query("after", "expected a ledger sequence number, was '" + v + "'");
        }
    }

    private static void send(OutputStream out, LedgerEntry e) throws IOException {
        String data = Json.write(ordered("sequence", e.sequence(), "time", Views.time(e.time()), "actor", e.actor(),
                "action", e.action(), "changeId", e.changeId()), false);
        write(out, "id: " + e.sequence() + "\nevent: ledger\ndata: " + data + "\n\n");
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
