package io.blastwall.cli;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.change.Change;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.policy.PolicySet;
import io.blastwall.core.policy.PolicySpec;
import io.blastwall.formats.ChangeReaders;
import io.blastwall.formats.estate.EstateSources;
import io.blastwall.formats.policy.PolicyFileReader;
import io.blastwall.formats.policy.PolicyPacks;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Wires the command line to the readers: estates (auto-detected format), changes, policies, the clock.
 * Everything that fails on input throws {@link BadInputException}; nothing here returns a partial result.
 */
final class Loaders {

    private Loaders() {
    }

    /** Loads and merges estate files; any error-level problem (duplicate id, dangling edge, empty estate) refuses the estate. */
    static Estate estate(List<Path> files) {
        return EstateSources.loadDetected(files, false).requireNoErrors();
    }

    static Change change(List<Path> files, Optional<Path> current, boolean prune) {
        return ChangeReaders.read(files, current, prune);
    }

    /** The policies in the given files and directories, or the bundled default pack when none are given. */
    static PolicySet policies(List<Path> paths) {
        if (paths == null || paths.isEmpty()) return PolicyPacks.defaultPolicySet();
        List<PolicySpec> specs = new ArrayList<>();
        for (Path p : paths) specs.addAll(PolicyFileReader.read(p));
        if (specs.isEmpty()) {
            throw new BadInputException(SourceLocation.of(paths.get(0).toString()),
                    "no policies found; expected policy YAML files (kind: Policy) — an empty policy set would allow everything");
        }
        return PolicySet.compile(specs);
    }

    /** The system clock, or a fixed one at {@code now} (RFC 3339) for replays and freeze-window checks. */
    static Clock clock(String now) {
        if (now == null) return Clock.systemUTC();
        try {
            return Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadInputException(SourceLocation.of("--now"), "expected an RFC 3339 instant such as 2026-12-24T17:00:00Z, found '" + now + "'");
        }
    }
}
