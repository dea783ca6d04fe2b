package io.blastwall.core;

/**
 * Where something came from in an input file: the file name, a 1-based line (0 when unknown)
 * and a JSON path ({@code $.resource_changes[3].change.actions}) or YAML path, either may be empty.
 *
 * <p>Immutable value; used in every bad-input message so a person can go straight to the place.
 */
public record SourceLocation(String file, int line, int column, String path) {

    public static final SourceLocation UNKNOWN = new SourceLocation("", 0, 0, "");

    public SourceLocation {
        file = file == null ? "" : file;
        path = path == null ? "" : path;
    }

    public static SourceLocation of(String file) {
        return new SourceLocation(file, 0, 0, "");
    }

    public static SourceLocation of(String file, int line, String path) {
        return new SourceLocation(file, line, 0, path);
    }

    public SourceLocation withPath(String newPath) {
        return new SourceLocation(file, line, column, newPath);
    }

    /** Renders as {@code file:line:column (path)}, leaving out what is unknown. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file.isEmpty() ? "<input>" : file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) sb.append(':').append(column);
        }
        if (!path.isEmpty()) sb.append(" (").append(path).append(')');
        return sb.toString();
    }
}
