package io.blastwall.formats.estate;

import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.EstateBuilder;
import io.blastwall.core.estate.EstateProblem;

import java.nio.file.Path;
import java.util.List;

/**
 * A reader of one estate source format (Blastwall estate files, Backstage catalogs …) that feeds nodes and edges
 * into a shared {@link EstateBuilder}, so that files of several formats merge into one estate by node id.
 *
 * <p>A format reads all of its files in one call because references may cross files (a Backstage API provided in
 * one file and consumed in another). Implementations are stateless and thread-safe.
 */
public interface EstateSourceReader {

    /**
     * Reads {@code files} into {@code into}.
     *
     * @return the estate name the files declare (may be empty), problems the format itself found (warnings, or
     *         errors it can name better than the builder can) and notes about what was skipped on purpose
     * @throws io.blastwall.core.BadInputException naming file, line and path of every syntax or field problem;
     *         the builder's content is then unusable
     */
    Report read(List<Path> files, EstateBuilder into);

    /** Loads and merges {@code files} of this format into one estate; see {@link EstateLoad}. */
    default EstateLoad load(List<Path> files) {
        return EstateSources.load(files, f -> this);
    }

    /** Like {@link #load} but throws a {@link io.blastwall.core.BadInputException} listing the ERROR problems with their places. */
    default Estate loadStrict(List<Path> files) {
        return load(files).requireNoErrors();
    }

    /** What a read found besides the nodes and edges themselves. Immutable. */
    record Report(String estateName, List<EstateProblem> problems, List<String> notes) {
        public Report {
            estateName = estateName == null ? "" : estateName;
            problems = List.copyOf(problems);
            notes = List.copyOf(notes);
        }
    }
}
