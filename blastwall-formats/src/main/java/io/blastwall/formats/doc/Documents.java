package io.blastwall.formats.doc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses JSON and YAML (including multi-document YAML streams) into {@link LocatedDocument}s,
 * turning every syntax problem into a {@link BadInputException} that names file, line and column.
 * Duplicate keys are refused. Files over a size limit are refused before they are read.
 *
 * <p>For small and medium documents (plans, manifests, change and policy files). Estates of a million nodes are
 * streamed by their reader instead. Stateless and thread-safe.
 */
public final class Documents {

    /** Default limit for documents read whole: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    // Buffers are recycled through a pool shared by all threads, not per thread: the server parses on virtual threads,
    // a new one per request, where thread-local recycling would allocate fresh buffers every time.
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build();
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public enum Syntax { JSON, YAML }

    private Documents() {
    }

    /** Reads a file whole (refusing it when larger than {@code maxBytes}) and parses it by its extension or content. */
    public static List<LocatedDocument> read(Path file, long maxBytes) {
        String name = file.toString();
        String text = readText(file, maxBytes);
        return parse(name, text, guessSyntax(name, text));
    }

    public static List<LocatedDocument> read(Path file) {
        return read(file, DEFAULT_MAX_BYTES);
    }

    /** Reads a file's text, with clear errors for a missing, unreadable, oversized or non-UTF-8 file. */
    public static String readText(Path file, long maxBytes) {
        String name = file.toString();
        try {
            if (Files.isDirectory(file)) {
                throw new BadInputException(SourceLocation.of(name), "is a directory; expected a file");
            }
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new BadInputException(SourceLocation.of(name), "file is " + (size / (1024 * 1024))
                        + " MiB; the limit for this kind of input is " + (maxBytes / (1024 * 1024)) + " MiB");
            }
            byte[] bytes = Files.readAllBytes(file);
            var decoder = StandardCharsets.UTF_8.newDecoder();
            try {
                return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new BadInputException(SourceLocation.of(name), "is not UTF-8 text; expected a JSON or YAML file");
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(SourceLocation.of(name), "no such file");
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.of(name), "cannot be read: " + e.getMessage());
        }
    }

    /** JSON when the name ends in .json or the text starts with '{' or '['; YAML otherwise (YAML is a superset). */
    public static Syntax guessSyntax(String name, String text) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".json")) return Syntax.JSON;
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return Syntax.YAML;
        String t = text.stripLeading();
        return t.startsWith("{") || t.startsWith("[") ? Syntax.JSON : Syntax.YAML;
    }

    /** Parses text; JSON yields one document, YAML one per {@code ---} section (empty sections are skipped). */
    public static List<LocatedDocument> parse(String name, String text, Syntax syntax) {
        return parse(name, text, syntax, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #parse(String, String, Syntax)}, with the same documents and errors, for hot paths where lines are
     * wanted only for error messages: the lines of the top two levels ({@code $.a.b}) are recorded while parsing;
     * any other line is found by parsing the text again the first time one is asked for
     * ({@link LocatedDocument#lines()} answers exactly as the eager map would).
     */
    public static List<LocatedDocument> parseLinesOnDemand(String name, String text, Syntax syntax) {
        List<LocatedDocument> shallow = parse(name, text, syntax, SHALLOW_DEPTH);
        List<LocatedDocument> out = new ArrayList<>(shallow.size());
        for (int i = 0; i < shallow.size(); i++) {
            LocatedDocument d = shallow.get(i);
            int at = i;
            out.add(new LocatedDocument(d.file(), d.index(), d.root(),
                    LineMaps.lazy(d.lines(), () -> parse(name, text, syntax).get(at).lines())));
        }
        return out;
    }

    /** Levels of paths whose lines {@link #parseLinesOnDemand} records while parsing ({@code $} is level 0). */
    private static final int SHALLOW_DEPTH = 2;

    private static List<LocatedDocument> parse(String name, String text, Syntax syntax, int maxDepth) {
        List<LocatedDocument> docs = new ArrayList<>();
        try (Reader r = new StringReader(text);
             JsonParser p = (syntax == Syntax.JSON ? JSON : YAML).createParser(r)) {
            int index = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                Map<String, Integer> lines = new HashMap<>();
                Object root = value(p, t, "$", lines, 0, maxDepth);
                if (root != null) docs.add(new LocatedDocument(name, index, root, lines));
                index++;
                if (syntax == Syntax.JSON) {
                    JsonToken extra = p.nextToken();
                    if (extra != null) {
                        throw new BadInputException(location(name, p.currentTokenLocation(), ""),
                                "unexpected content after the end of the JSON document");
                    }
                    break;
                }
            }
        } catch (JsonParseException e) {
            throw new BadInputException(location(name, e.getLocation(), ""), "malformed " + syntax + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new BadInputException(location(name, e.getLocation(), ""), "malformed " + syntax + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.of(name), "cannot be read: " + e.getMessage());
        }
        return docs;
    }

    /** One value; its line is recorded under {@code path} unless the path is null (deeper than {@code maxDepth}). */
    private static Object value(JsonParser p, JsonToken t, String path, Map<String, Integer> lines, int depth,
                                int maxDepth) throws IOException {
        if (path != null) lines.put(path, p.currentTokenLocation().getLineNr());
        boolean track = path != null && depth < maxDepth;
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    m.put(key, value(p, p.nextToken(), track ? path + "." + key : null, lines, depth + 1, maxDepth));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                JsonToken e;
                int i = 0;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(value(p, e, track ? path + "[" + i + "]" : null, lines, depth + 1, maxDepth));
                    i++;
                }
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new JsonParseException(p, "unexpected token " + t);
        };
    }

    private static SourceLocation location(String file, JsonLocation loc, String path) {
        if (loc == null) return SourceLocation.of(file);
        return new SourceLocation(file, Math.max(0, loc.getLineNr()), Math.max(0, loc.getColumnNr()), path);
    }

    /** Parses a string held in memory (tests, HTTP bodies); the name is used in messages. */
    public static List<LocatedDocument> parse(String name, String text) {
        return parse(name, text, guessSyntax(name, text));
    }

    /** UTF-8 bytes to text for {@link #parse(String, String)}. */
    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
