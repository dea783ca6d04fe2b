package io.blastwall.cli;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.change.Provenance.AuthorKind;
import io.blastwall.core.store.ControlPlaneStore;
import io.blastwall.core.store.Principal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code blastwall principal add|list|disable}: manages the identities of the control plane directly in its database
 * (offline, no server needed — this is also how the first administrator is created). Humans carry roles; agents name
 * the human they act for, who must already exist as an enabled human, and optionally their model. Every change is
 * written to the ledger in the same transaction, with the actor from {@code --actor} (default {@code local:<OS user>}).
 *
 * <p>Exit codes: 0 done, 2 bad input (the message names the option or argument), 1 the database cannot be used.
 * Instances are used once per execution.
 */
@Command(name = "principal", mixinStandardHelpOptions = true,
        description = "Add, list and disable principals (humans with roles, agents acting for a human) in the control-plane database.",
        subcommands = {PrincipalCommand.Add.class, PrincipalCommand.ListPrincipals.class, PrincipalCommand.Disable.class})
public final class PrincipalCommand implements Callable<Integer> {

    /** Ids: a letter or digit, then letters, digits and {@code . _ : @ + -}; at most 128 characters. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}");

    /** Roles: lower-case words, so that {@code Senior} cannot silently fail to match a policy's {@code senior}. */
    static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("Missing subcommand: add, list or disable.");
        spec.commandLine().usage(err);
        return Main.EXIT_BAD_INPUT;
    }

    /** Checks an id given at {@code place}; returns it stripped. */
    static String id(String value, String place) {
        String v = value == null ? "" : value.strip();
        if (!ID.matcher(v).matches()) {
            throw new BadInputException(SourceLocation.of(place), "expected an id of letters, digits and . _ : @ + - "
                    + "(starting with a letter or digit, at most 128 characters), found '" + value + "'");
        }
        return v;
    }

    static Map<String, Object> json(Principal p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("kind", p.kind().externalName());
        m.put("displayName", p.displayName());
        m.put("roles", p.roles());
        m.put("onBehalfOf", p.onBehalfOf());
        m.put("model", p.model());
        m.put("disabled", p.disabled());
        m.put("createdAt", StoreOptions.time(p.createdAt()));
        return m;
    }

    /** {@code principal add ID --human|--agent …}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a human (with roles) or an agent (acting for an existing human).")
    static final class Add implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ID", description = "The principal's id, e.g. alice or agent:infra-copilot.")
        String id;

        @Option(names = "--human", description = "A person.")
        boolean human;

        @Option(names = "--agent", description = "An AI agent; needs --on-behalf-of.")
        boolean agent;

        @Option(names = "--role", paramLabel = "ROLE", description = "A role of a human (repeatable): engineer, senior, admin …")
        List<String> roles = new ArrayList<>();

        @Option(names = "--on-behalf-of", paramLabel = "HUMAN", description = "For an agent: the existing human principal it acts for.")
        String onBehalfOf;

        @Option(names = "--model", paramLabel = "NAME", description = "For an agent: its model.")
        String model;

        @Option(names = "--name", paramLabel = "TEXT", description = "Display name shown in reports.")
        String name;

        @Option(names = "--actor", paramLabel = "ID", description = "Who is doing this, for the ledger (default: local:<OS user>).")
        String actor;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
                converter = EstateCommand.FormatConverter.class, description = "Output format: text (default) or json.")
        EstateCommand.Format format;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String pid = id(id, "ID");
            if (human == agent) {
                throw new BadInputException(SourceLocation.of("command line"), "say what " + pid
                        + " is: give exactly one of --human or --agent");
            }
            String who = StoreOptions.actor(actor);
            List<String> cleanRoles = roles();
            String display = name == null ? "" : name.strip();
            String mdl = model == null ? "" : model.strip();
            String forHuman;
            if (agent) {
                if (onBehalfOf == null || onBehalfOf.isBlank()) {
                    throw new BadInputException(SourceLocation.of("--on-behalf-of"), "an agent must name the human it acts "
                            + "for: add --on-behalf-of HUMAN (an existing human principal), so that its changes are "
                            + "attributed and that human cannot approve them");
                }
                if (!cleanRoles.isEmpty()) {
                    throw new BadInputException(SourceLocation.of("--role"), "roles are for humans; an agent never "
                            + "approves, so it holds no role");
                }
                forHuman = id(onBehalfOf, "--on-behalf-of");
                if (forHuman.equals(pid)) {
                    throw new BadInputException(SourceLocation.of("--on-behalf-of"), "an agent cannot act for itself");
                }
            } else {
                if (onBehalfOf != null || model != null) {
                    throw new BadInputException(SourceLocation.of(onBehalfOf != null ? "--on-behalf-of" : "--model"),
                            "--on-behalf-of and --model describe an agent; " + pid + " is given as --human");
                }
                forHuman = "";
            }
            Clock clock = Clock.systemUTC();
            return store.run(spec, clock, db -> add(db, clock.instant().truncatedTo(ChronoUnit.MILLIS), pid, display,
                    cleanRoles, forHuman, mdl, who));
        }

        private List<String> roles() {
            LinkedHashSet<String> out = new LinkedHashSet<>();
            for (String r : roles) {
                String v = r == null ? "" : r.strip();
                if (!ROLE.matcher(v).matches()) {
                    throw new BadInputException(SourceLocation.of("--role"), "expected a lower-case role name "
                            + "(letters, digits, _ and -, starting with a letter), found '" + r + "'");
                }
                out.add(v);
            }
            return List.copyOf(out);
        }

        private int add(ControlPlaneStore db, Instant now, String pid, String display, List<String> cleanRoles,
                        String forHuman, String mdl, String who) {
            Principal created = db.inTransaction(tx -> {
                if (tx.findPrincipal(pid).isPresent()) {
                    throw new BadInputException(SourceLocation.of("ID"), "a principal " + pid + " already exists "
                            + "(see: blastwall principal list)");
                }
                if (agent) {
                    Principal h = tx.findPrincipal(forHuman).orElseThrow(() -> new BadInputException(
                            SourceLocation.of("--on-behalf-of"), "no principal " + forHuman + " exists: add the human "
                            + "first (blastwall principal add " + forHuman + " --human)"));
                    if (h.isAgent()) {
                        throw new BadInputException(SourceLocation.of("--on-behalf-of"), forHuman + " is an agent; "
                                + "an agent acts for a human");
                    }
                    if (h.disabled()) {
                        throw new BadInputException(SourceLocation.of("--on-behalf-of"), forHuman + " is disabled");
                    }
                }
                return AdminRecords.createPrincipal(tx, new Principal(pid, agent ? AuthorKind.AGENT : AuthorKind.HUMAN,
                        display, cleanRoles, forHuman, mdl, false, now), who, now);
            });
            PrintWriter out = spec.commandLine().getOut();
            if (format == EstateCommand.Format.JSON) {
                out.println(StoreOptions.json(json(created)));
            } else if (created.isAgent()) {
                out.println("created agent " + created.id() + " acting for " + created.onBehalfOf()
                        + (created.model().isEmpty() ? "" : " (model " + created.model() + ")"));
            } else {
                out.println("created human " + created.id()
                        + (created.roles().isEmpty() ? " (no roles)" : " (roles: " + String.join(", ", created.roles()) + ")"));
            }
            out.flush();
            return Main.EXIT_ALLOW;
        }
    }

    /** {@code principal list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every principal by id.")
    static final class ListPrincipals implements Callable<Integer> {

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
                converter = EstateCommand.FormatConverter.class, description = "Output format: text (default) or json.")
        EstateCommand.Format format;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return store.run(spec, Clock.systemUTC(), db -> {
                List<Principal> all = db.listPrincipals();
                PrintWriter out = spec.commandLine().getOut();
                if (format == EstateCommand.Format.JSON) {
                    out.println(StoreOptions.json(all.stream().map(PrincipalCommand::json).toList()));
                } else if (all.isEmpty()) {
                    out.println("no principals (add one: blastwall principal add ID --human --role admin)");
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    for (Principal p : all) {
                        rows.add(java.util.Arrays.asList(p.id(), p.kind().externalName(), p.displayName(),
                                String.join(",", p.roles()), p.onBehalfOf(), p.model(),
                                p.disabled() ? "disabled" : "enabled", StoreOptions.time(p.createdAt())));
                    }
                    StoreOptions.table(out, List.of("ID", "KIND", "NAME", "ROLES", "ON-BEHALF-OF", "MODEL", "STATUS",
                            "CREATED"), rows);
                }
                out.flush();
                return Main.EXIT_ALLOW;
            });
        }
    }

    /** {@code principal disable ID}. */
    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable a principal: its tokens are refused from then on. Its record and history stay.")
    static final class Disable implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ID", description = "The principal's id.")
        String id;

        @Option(names = "--actor", paramLabel = "ID", description = "Who is doing this, for the ledger (default: local:<OS user>).")
        String actor;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String pid = id(id, "ID");
            String who = StoreOptions.actor(actor);
            Clock clock = Clock.systemUTC();
            return store.run(spec, clock, db -> {
                Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                boolean changed = db.inTransaction(tx -> {
                    Principal p = tx.findPrincipal(pid).orElseThrow(() -> new BadInputException(SourceLocation.of("ID"),
                            "no principal " + pid + " exists (see: blastwall principal list)"));
                    if (p.disabled()) return false;
                    tx.updatePrincipal(new Principal(p.id(), p.kind(), p.displayName(), p.roles(), p.onBehalfOf(),
                            p.model(), true, p.createdAt()));
                    tx.appendLedger(who, "principal.disabled", "", Map.of("principal", pid), now);
                    return true;
                });
                PrintWriter out = spec.commandLine().getOut();
                out.println(changed ? "disabled " + pid + ": its tokens are refused from now on"
                        : pid + " was already disabled; nothing changed");
                out.flush();
                return Main.EXIT_ALLOW;
            });
        }
    }
}
