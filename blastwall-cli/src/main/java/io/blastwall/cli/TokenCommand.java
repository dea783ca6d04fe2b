package io.blastwall.cli;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.store.ApiToken;
import io.blastwall.core.store.ControlPlaneStore;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.StoreTransaction;
import io.blastwall.core.store.TokenHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code blastwall token create|list|expire|revoke}: API tokens, managed directly in the control-plane database.
 * A token ({@link TokenHash}: {@code bw_} + 32 random bytes, base64url) is printed once at creation and never stored:
 * only its SHA-256 hex is. Listings show ids, owners, names and times — never the token, never its hash. Every change
 * is written to the ledger in the same transaction ({@code token.created} with the token's id, {@code token.expired},
 * {@code token.revoked}), with the actor from {@code --actor} (default {@code local:<OS user>}).
 *
 * <p>Exit codes: 0 done, 2 bad input, 1 the database cannot be used. Instances are used once per execution.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Create, list, expire and revoke API tokens in the control-plane database.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Expire.class,
                TokenCommand.Revoke.class})
public final class TokenCommand implements Callable<Integer> {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code 30d}, {@code 12h}, {@code 90m}, {@code 2w}, {@code 3600s}. */
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})([smhdw])");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("Missing subcommand: create, list, expire or revoke.");
        spec.commandLine().usage(err);
        return Main.EXIT_BAD_INPUT;
    }

    /** A new token id: {@code tok_} and 16 hex digits; not secret. */
    static String newTokenId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return "tok_" + HexFormat.of().formatHex(b);
    }

    /** Parses {@code --expires-in}: {@code <n>s|m|h|d|w} or an ISO-8601 duration ({@code PT12H}); must be positive. */
    static Duration duration(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            Matcher m = SIMPLE_DURATION.matcher(t);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(Math.multiplyExact(n, 7));
                };
            } else {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (d.isNegative() || d.isZero()) {
                throw new BadInputException(SourceLocation.of("--expires-in"), "expected a positive duration, found '" + text + "'");
            }
            return d;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new BadInputException(SourceLocation.of("--expires-in"),
                    "expected a duration such as 30d, 12h, 90m, 2w or PT12H, found '" + text + "'");
        }
    }

    /** Parses an RFC 3339 time with offset ({@code 2026-12-31T23:59:59Z}, {@code …+02:00}) given at {@code place}. */
    static Instant instant(String text, String place) {
        try {
            return OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadInputException(SourceLocation.of(place),
                    "expected an RFC 3339 time with offset such as 2026-12-31T23:59:59Z, found '" + text + "'");
        }
    }

    /** active, expired or revoked at {@code now}. */
    static String status(ApiToken t, Instant now) {
        if (t.revokedAt() != null) return "revoked";
        return t.usableAt(now) ? "active" : "expired";
    }

    /** A token's record for output: everything but the hash. */
    static Map<String, Object> json(ApiToken t, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("principal", t.principalId());
        m.put("name", t.name());
        m.put("status", status(t, now));
        m.put("createdAt", StoreOptions.time(t.createdAt()));
        m.put("expiresAt", StoreOptions.time(t.expiresAt()));
        m.put("revokedAt", StoreOptions.time(t.revokedAt()));
        m.put("lastUsedAt", StoreOptions.time(t.lastUsedAt()));
        return m;
    }

    private static ApiToken existing(StoreTransaction tx, String id) {
        return tx.findToken(id).orElseThrow(() -> new BadInputException(SourceLocation.of("ID"),
                "no token " + id + " exists (see: blastwall token list)"));
    }

    /** {@code token create --principal ID …}: prints the token once. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token for a principal and print it once (on standard output; details on standard error).")
    static final class Create implements Callable<Integer> {

        @Option(names = "--principal", required = true, paramLabel = "ID", description = "Whose token it is (an enabled principal).")
        String principal;

        @Option(names = "--name", paramLabel = "NAME", description = "A label, e.g. ci or laptop.")
        String name;

        @Option(names = "--expires-in", paramLabel = "DURATION", description = "Lifetime: 30d, 12h, 90m, 2w or ISO-8601 (PT12H).")
        String expiresIn;

        @Option(names = "--expires-at", paramLabel = "TIME", description = "Expiry as RFC 3339, e.g. 2026-12-31T23:59:59Z.")
        String expiresAt;

        @Option(names = "--actor", paramLabel = "ID", description = "Who is doing this, for the ledger (default: local:<OS user>).")
        String actor;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
                converter = EstateCommand.FormatConverter.class,
                description = "text (default): the token alone on standard output; json: an object with the token and its record.")
        EstateCommand.Format format;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String pid = PrincipalCommand.id(principal, "--principal");
            String who = StoreOptions.actor(actor);
            String label = name == null ? "" : name.strip();
            if (label.length() > 200) throw new BadInputException(SourceLocation.of("--name"), "expected at most 200 characters");
            if (expiresIn != null && expiresAt != null) {
                throw new BadInputException(SourceLocation.of("--expires-at"), "give --expires-in or --expires-at, not both");
            }
            Clock clock = Clock.systemUTC();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Instant expiry;
            try {
                expiry = expiresIn != null ? now.plus(duration(expiresIn))
                        : expiresAt != null ? instant(expiresAt, "--expires-at") : null;
            } catch (DateTimeException | ArithmeticException e) {
                throw new BadInputException(SourceLocation.of("--expires-in"), "the expiry is too far in the future");
            }
            if (expiry != null && !expiry.isAfter(now)) {
                throw new BadInputException(SourceLocation.of("--expires-at"), "the expiry " + expiry + " is not in the future");
            }
            return store.run(spec, clock, db -> create(db, now, pid, label, expiry, who));
        }

        private int create(ControlPlaneStore db, Instant now, String pid, String label, Instant expiry, String who) {
            String secret = TokenHash.newToken(RANDOM);
            ApiToken created = db.inTransaction(tx -> {
                Principal p = tx.findPrincipal(pid).orElseThrow(() -> new BadInputException(SourceLocation.of("--principal"),
                        "no principal " + pid + " exists: add it first (blastwall principal add " + pid + " --human|--agent …)"));
                if (p.disabled()) {
                    throw new BadInputException(SourceLocation.of("--principal"), pid + " is disabled: its tokens would be refused");
                }
                return AdminRecords.createToken(tx, pid, label, secret, now, expiry, who);
            });
            PrintWriter out = spec.commandLine().getOut();
            if (format == EstateCommand.Format.JSON) {
                Map<String, Object> m = json(created, now);
                m.put("token", secret);
                out.println(StoreOptions.json(m));
            } else {
                PrintWriter err = spec.commandLine().getErr();
                err.println("created token " + created.id() + " for " + pid
                        + (label.isEmpty() ? "" : " (" + label + ")")
                        + (expiry == null ? ", no expiry" : ", expires " + expiry)
                        + ". It is shown once, below: store it now; it cannot be recovered.");
                err.flush();
                out.println(secret);
            }
            out.flush();
            return Main.EXIT_ALLOW;
        }
    }

    /** {@code token list [--principal ID]}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List tokens (id, principal, name, status and times; never the token or its hash).")
    static final class ListTokens implements Callable<Integer> {

        @Option(names = "--principal", paramLabel = "ID", description = "Only this principal's tokens.")
        String principal;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
                converter = EstateCommand.FormatConverter.class, description = "Output format: text (default) or json.")
        EstateCommand.Format format;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String pid = principal == null ? null : PrincipalCommand.id(principal, "--principal");
            Clock clock = Clock.systemUTC();
            return store.run(spec, clock, db -> {
                if (pid != null && db.findPrincipal(pid).isEmpty()) {
                    throw new BadInputException(SourceLocation.of("--principal"), "no principal " + pid + " exists");
                }
                List<ApiToken> tokens = db.listTokens(pid);
                Instant now = clock.instant();
                PrintWriter out = spec.commandLine().getOut();
                if (format == EstateCommand.Format.JSON) {
                    out.println(StoreOptions.json(tokens.stream().map(t -> json(t, now)).toList()));
                } else if (tokens.isEmpty()) {
                    out.println(pid == null ? "no tokens" : "no tokens for " + pid);
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    for (ApiToken t : tokens) {
                        rows.add(Arrays.asList(t.id(), t.principalId(), t.name(), status(t, now),
                                StoreOptions.time(t.createdAt()), StoreOptions.time(t.expiresAt()),
                                StoreOptions.time(t.revokedAt()), StoreOptions.time(t.lastUsedAt())));
                    }
                    StoreOptions.table(out, List.of("ID", "PRINCIPAL", "NAME", "STATUS", "CREATED", "EXPIRES", "REVOKED",
                            "LAST-USED"), rows);
                }
                out.flush();
                return Main.EXIT_ALLOW;
            });
        }
    }

    /** {@code token expire ID}: ends the token's life now (or at {@code --at}). */
    @Command(name = "expire", mixinStandardHelpOptions = true,
            description = "Expire a token now (or at --at): it stops authenticating from then on.")
    static final class Expire implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ID", description = "The token id (tok_…), as token list shows it.")
        String id;

        @Option(names = "--at", paramLabel = "TIME", description = "Expire at this RFC 3339 time instead of now (not in the past).")
        String at;

        @Option(names = "--actor", paramLabel = "ID", description = "Who is doing this, for the ledger (default: local:<OS user>).")
        String actor;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String tid = PrincipalCommand.id(id, "ID");
            String who = StoreOptions.actor(actor);
            Clock clock = Clock.systemUTC();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Instant when = at == null ? now : instant(at, "--at").truncatedTo(ChronoUnit.MILLIS);
            if (when.isBefore(now)) {
                throw new BadInputException(SourceLocation.of("--at"), "the time " + when + " is in the past; "
                        + "leave --at out to expire the token now");
            }
            return store.run(spec, clock, db -> {
                ApiToken result = db.inTransaction(tx -> {
                    ApiToken t = existing(tx, tid);
                    // never extend a token's life: an earlier expiry stands
                    if (t.expiresAt() != null && !t.expiresAt().isAfter(when)) return t;
                    ApiToken e = tx.expireToken(tid, when);
                    tx.appendLedger(who, "token.expired", "", Map.of("token", tid, "principal", t.principalId(),
                            "expiresAt", StoreOptions.time(when)), now);
                    return e;
                });
                PrintWriter out = spec.commandLine().getOut();
                if (!when.equals(result.expiresAt())) {
                    out.println("token " + tid + " already expires at " + result.expiresAt() + "; nothing changed");
                } else {
                    out.println("token " + tid + " of " + result.principalId()
                            + (when.equals(now) ? " expired now (" + when + ")" : " expires at " + when));
                }
                out.flush();
                return Main.EXIT_ALLOW;
            });
        }
    }

    /** {@code token revoke ID}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token at once and for good.")
    static final class Revoke implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ID", description = "The token id (tok_…), as token list shows it.")
        String id;

        @Option(names = "--actor", paramLabel = "ID", description = "Who is doing this, for the ledger (default: local:<OS user>).")
        String actor;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String tid = PrincipalCommand.id(id, "ID");
            String who = StoreOptions.actor(actor);
            Clock clock = Clock.systemUTC();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            return store.run(spec, clock, db -> {
                ApiToken before = db.inTransaction(tx -> {
                    ApiToken t = existing(tx, tid);
                    if (t.revokedAt() != null) return t;
                    tx.revokeToken(tid, now);
                    tx.appendLedger(who, "token.revoked", "", Map.of("token", tid, "principal", t.principalId()), now);
                    return t;
                });
                PrintWriter out = spec.commandLine().getOut();
                out.println(before.revokedAt() != null
                        ? "token " + tid + " was already revoked at " + before.revokedAt() + "; nothing changed"
                        : "revoked token " + tid + " of " + before.principalId());
                out.flush();
                return Main.EXIT_ALLOW;
            });
        }
    }
}
