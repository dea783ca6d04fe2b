package io.blastwall.formats.estate;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.EstateProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The result of loading estate files whose syntax and fields were valid: the estate, the problems found while
 * assembling it (duplicate ids, dangling edges, an empty estate, unresolved Backstage references …) and notes
 * (things skipped on purpose, such as Backstage {@code Location} documents).
 *
 * <p>An estate with ERROR problems is still returned so that {@code estate validate} can report everything;
 * use {@link #requireNoErrors()} where only a usable estate will do. Immutable.
 */
public record EstateLoad(Estate estate, List<EstateProblem> problems, List<String> notes) {

    public EstateLoad {
        Objects.requireNonNull(estate, "estate");
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public EstateLoad(Estate estate, List<EstateProblem> problems) {
        this(estate, problems, List.of());
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == EstateProblem.Severity.ERROR);
    }

    public List<EstateProblem> errors() {
        return problems.stream().filter(p -> p.severity() == EstateProblem.Severity.ERROR).toList();
    }

    /** The estate, or a {@link BadInputException} listing every ERROR problem with its place. */
    public Estate requireNoErrors() {
        List<EstateProblem> errors = errors();
        if (errors.isEmpty()) return estate;
        BadInputCollector c = new BadInputCollector();
        for (EstateProblem p : errors) {
            SourceLocation where = p.where() == null ? SourceLocation.UNKNOWN : p.where();
            c.add(where, p.message() + " [" + p.code() + "]");
        }
        c.throwIfAny();
        return estate; // not reached
    }

    /** Problems sorted for display: by file, then line, keeping the original order among equals. */
    public List<EstateProblem> problemsInFileOrder() {
        List<EstateProblem> sorted = new ArrayList<>(problems);
        sorted.sort((a, b) -> {
            int f = a.where().file().compareTo(b.where().file());
            return f != 0 ? f : Integer.compare(a.where().line(), b.where().line());
        });
        return sorted;
    }
}
