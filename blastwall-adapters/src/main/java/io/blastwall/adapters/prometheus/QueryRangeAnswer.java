package io.blastwall.adapters.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the body of a Prometheus {@code /api/v1/query_range} answer:
 * {@code {"status":"success","data":{"resultType":"matrix","result":[{"metric":{…},"values":[[t,"v"],…]},…]}}} or
 * {@code {"status":"error","errorType":…,"error":…}}. Values are strings in Go's float format ({@code "NaN"},
 * {@code "+Inf"}, {@code "-Inf"} included).
 *
 * <p>Stateless and thread-safe.
 */
final class QueryRangeAnswer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the body said. */
    sealed interface Result {
    }

    /** The samples of every series, pooled and in time order (series order breaks ties); empty for no data. */
    record Samples(double[] values, int series) implements Result {
    }

    /** Prometheus answered with an error. */
    record Error(String type, String message) implements Result {
    }

    private record Point(double time, int series, double value) {
    }

    private QueryRangeAnswer() {
    }

    /**
     * @throws IllegalArgumentException when the body is not a well-formed answer (says what was wrong, and where)
     */
    static Result parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("not a JSON object");
        String status = root.path("status").asText("");
        if ("error".equals(status)) {
            return new Error(root.path("errorType").asText("unknown"), root.path("error").asText("(no message)"));
        }
        if (!"success".equals(status)) throw new IllegalArgumentException("$.status is '" + status + "', expected success or error");
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText("");
        if (!"matrix".equals(type)) throw new IllegalArgumentException("$.data.resultType is '" + type + "', expected matrix");
        JsonNode result = data.path("result");
        if (!result.isArray()) throw new IllegalArgumentException("$.data.result is not an array");
        List<Point> points = new ArrayList<>();
        for (int s = 0; s < result.size(); s++) {
            JsonNode values = result.get(s).path("values");
            if (!values.isArray()) throw new IllegalArgumentException("$.data.result[" + s + "].values is not an array");
            for (int i = 0; i < values.size(); i++) {
                JsonNode pair = values.get(i);
                String at = "$.data.result[" + s + "].values[" + i + "]";
                if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isTextual()) {
                    throw new IllegalArgumentException(at + " is not [timestamp, \"value\"]");
                }
                points.add(new Point(pair.get(0).asDouble(), s, value(pair.get(1).asText(), at)));
            }
        }
        points.sort(Comparator.comparingDouble(Point::time).thenComparingInt(Point::series));
        double[] out = new double[points.size()];
        for (int i = 0; i < out.length; i++) out[i] = points.get(i).value();
        return new Samples(out, result.size());
    }

    /** Go's float formatting as Prometheus writes sample values. */
    static double value(String text, String at) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(at + " value '" + text + "' is not a number");
                }
            }
        };
    }
}
