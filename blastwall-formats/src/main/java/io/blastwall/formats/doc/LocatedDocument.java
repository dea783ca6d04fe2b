package io.blastwall.formats.doc;

import io.blastwall.core.SourceLocation;

import java.util.Map;

/**
 * One parsed JSON or YAML document as a plain tree ({@link Map}, {@link java.util.List}, String, Long, Double,
 * Boolean, null) together with the line of every value, keyed by JSON path ({@code $.a.b[2]}).
 *
 * @param file  the file it came from
 * @param index its position in a multi-document YAML stream, 0 for single documents
 * @param root  the tree
 * @param lines line (1-based) of each path
 */
public record LocatedDocument(String file, int index, Object root, Map<String, Integer> lines) {

    /** The location of a path in this document; the nearest enclosing path with a known line gives the line. */
    public SourceLocation at(String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) return new SourceLocation(file, line, 0, path);
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) return new SourceLocation(file, 0, 0, path);
            p = p.substring(0, cut);
        }
    }
}
