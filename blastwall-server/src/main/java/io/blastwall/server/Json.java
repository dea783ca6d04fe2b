package io.blastwall.server;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.blastwall.core.controlplane.JsonCodec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for the server: a strict reader for request bodies (unknown fields, trailing tokens and nulls for primitives
 * are refused, with the JSON path of the problem), a writer for responses that keeps map order, and the
 * {@link JsonCodec} the control plane stores analyses with (trees of Map/List/String/Long/Double/Boolean/null).
 *
 * <p>Stateless and thread-safe.
 */
public final class Json implements JsonCodec {

    /** A request body that is not the JSON expected; the API answers 400 naming the place. */
    public static final class BadRequestBody extends RuntimeException {
        private final String path;

        BadRequestBody(String path, String message) {
            super(message);
            this.path = path;
        }

        /** The JSON path of the problem ({@code $.documents[0].nmae}), or {@code $}. */
        public String path() { return path; }
    }

    /**
     * Jackson's buffers are recycled through one pool shared by all threads: requests run on virtual threads, one
     * new thread per request, so the default thread-local recycling would allocate fresh buffers on every request.
     */
    private static com.fasterxml.jackson.core.JsonFactory factory() {
        return com.fasterxml.jackson.core.JsonFactory.builder()
                .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool()).build();
    }

    static final ObjectMapper STRICT = JsonMapper.builder(factory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    static final ObjectMapper OUT = JsonMapper.builder(factory())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    /** Stored analyses and contents; read whole (trailing text is an error), so a read text is one JSON value. */
    private static final ObjectMapper TREE = JsonMapper.builder(factory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        // analyses are our own output and may be large; request bodies are bounded by the body limit instead
        StreamReadConstraints big = StreamReadConstraints.builder().maxStringLength(512 * 1024 * 1024)
                .maxNestingDepth(2_000).build();
        STRICT.getFactory().setStreamReadConstraints(big);
        TREE.getFactory().setStreamReadConstraints(big);
    }

    public static final Json INSTANCE = new Json();

    private Json() {
    }

    /** Reads a request body into {@code type}, refusing unknown fields. */
    public static <T> T request(byte[] body, Class<T> type) {
        if (body.length == 0) throw new BadRequestBody("$", "the request needs a JSON body");
        try {
            return STRICT.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw new BadRequestBody(path(e), "unknown field '" + e.getPropertyName() + "'; known fields: "
                    + String.join(", ", e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()));
        } catch (MismatchedInputException e) {
            String target = e.getTargetType() == null ? "a value" : describe(e.getTargetType());
            throw new BadRequestBody(path(e), "expected " + target + " here");
        } catch (JsonParseException e) {
            var loc = e.getLocation();
            throw new BadRequestBody("$", "the body is not valid JSON (line " + loc.getLineNr() + ", column "
                    + loc.getColumnNr() + "): " + e.getOriginalMessage());
        } catch (JsonMappingException e) {
            throw new BadRequestBody(path(e), e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequestBody("$", "the body cannot be read: " + e.getMessage());
        }
    }

    /** JSON text of a response tree or record. */
    public static String write(Object value, boolean pretty) {
        try {
            return pretty ? OUT.writerWithDefaultPrettyPrinter().writeValueAsString(value) : OUT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** UTF-8 JSON of a response tree or record, for handlers that write the body themselves. */
    public static byte[] writeBytes(Object value) {
        try {
            return OUT.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String write(Object tree) {
        return write(tree, false);
    }

    @Override
    public Object read(String json) {
        try {
            return plain(TREE.readValue(json, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    /** Integers as Long, decimals as Double when that renders the same, containers copied in order. */
    private static Object plain(Object v) {
        return switch (v) {
            case null -> null;
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                for (Object x : l) out.add(plain(x));
                yield out;
            }
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : b;
            case BigDecimal d -> {
                double dd = d.doubleValue();
                yield !Double.isInfinite(dd) && new BigDecimal(Double.toString(dd)).compareTo(d) == 0 ? (Object) dd : d;
            }
            default -> v;
        };
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) sb.append('.').append(r.getFieldName());
            else if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
        }
        return sb.toString();
    }

    private static String describe(Class<?> t) {
        if (t == String.class) return "a string";
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) return "a whole number";
        if (t == boolean.class || t == Boolean.class) return "true or false";
        if (List.class.isAssignableFrom(t)) return "an array";
        if (t.isRecord() || Map.class.isAssignableFrom(t)) return "an object";
        return "a " + t.getSimpleName();
    }
}
