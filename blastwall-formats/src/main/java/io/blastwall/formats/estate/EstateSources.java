package io.blastwall.formats.estate;

import io.blastwall.core.BadInputException;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.EstateBuilder;
import io.blastwall.core.estate.EstateProblem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Loads an estate from files that may be of several formats: groups the files by the reader that
 * {@code readerFor} picks, lets each reader feed one shared {@link EstateBuilder}, and builds.
 *
 * <p>Bad input in any file is reported for all files at once, in one {@link BadInputException} (capped).
 * Stateless and thread-safe.
 */
public final class EstateSources {

    private EstateSources() {
    }

    /** Loads {@code files}, each read by the reader {@code readerFor} returns for it. */
    public static EstateLoad load(List<Path> files, Function<Path, EstateSourceReader> readerFor) {
        Objects.requireNonNull(files, "files");
        if (files.isEmpty()) throw new IllegalArgumentException("no estate files given");
        // group files by reader, keeping the order in which readers first appear
        Map<EstateSourceReader, List<Path>> groups = new IdentityHashMap<>();
        List<EstateSourceReader> order = new ArrayList<>();
        for (Path f : files) {
            EstateSourceReader r = Objects.requireNonNull(readerFor.apply(f), "reader for " + f);
            groups.computeIfAbsent(r, k -> {
                order.add(k);
                return new ArrayList<>();
            }).add(f);
        }

        EstateBuilder builder = new EstateBuilder();
        BadInputCollector bad = new BadInputCollector();
        List<EstateProblem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String name = "";
        for (EstateSourceReader r : order) {
            try {
                EstateSourceReader.Report report = r.read(groups.get(r), builder);
                if (name.isEmpty()) name = report.estateName();
                problems.addAll(report.problems());
                notes.addAll(report.notes());
            } catch (BadInputException e) {
                bad.addAll(e);
            }
        }
        bad.throwIfAny();
        builder.name(name);
        Estate estate = builder.build();
        problems.addAll(builder.problems());
        return new EstateLoad(estate, problems, notes);
    }

    /** Like {@link #load} but throws a {@link BadInputException} listing the ERROR problems with their places. */
    public static Estate loadStrict(List<Path> files, Function<Path, EstateSourceReader> readerFor) {
        return load(files, readerFor).requireNoErrors();
    }
}
