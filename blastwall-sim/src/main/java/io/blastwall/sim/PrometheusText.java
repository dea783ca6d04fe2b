package io.blastwall.sim;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Writes a simulation's series in the Prometheus text exposition format, version 0.0.4: a HELP and a TYPE line per
 * metric family, then one line per series with labels {@code node}, {@code zone}, {@code region}, {@code version}.
 * The metric names are a public contract (docs/simulator.md); change them only with the docs and the queries that
 * use them.
 *
 * <p>Used under the simulation's lock; one instance per scrape.
 */
final class PrometheusText {

    static final String REQUESTS = "blastwall_sim_requests_total";
    static final String ERRORS = "blastwall_sim_errors_total";
    static final String RETRIES = "blastwall_sim_retries_total";
    static final String DEGRADED = "blastwall_sim_degraded_total";
    static final String DURATION = "blastwall_sim_request_duration_seconds";
    static final String UTILISATION = "blastwall_sim_utilisation";
    static final String IN_ROTATION = "blastwall_sim_in_rotation";
    static final String LOAD_FACTOR = "blastwall_sim_load_factor";
    static final String TIME = "blastwall_sim_time_seconds";

    private final Topology topo;
    private final TickEngine engine;
    private final List<String> versions;
    private final Instant now;

    PrometheusText(Topology topo, TickEngine engine, List<String> versions, Instant now) {
        this.topo = topo;
        this.engine = engine;
        this.versions = versions;
        this.now = now;
    }

    void write(Appendable out) throws IOException {
        MetricsBook book = engine.book;
        family(out, REQUESTS, "counter", "Requests a node received in a zone under a version, retries included.");
        for (int s = 0; s < book.size; s++) sample(out, REQUESTS, s, null, book.requests[s]);
        family(out, ERRORS, "counter", "Requests a node answered with an error (its own, rejected under overload, or a hard dependency's).");
        for (int s = 0; s < book.size; s++) sample(out, ERRORS, s, null, book.errors[s]);
        family(out, RETRIES, "counter", "Of the requests received, those that were client retries.");
        for (int s = 0; s < book.size; s++) sample(out, RETRIES, s, null, book.retries[s]);
        family(out, DEGRADED, "counter", "Requests served without error but degraded, because a soft dependency failed.");
        for (int s = 0; s < book.size; s++) sample(out, DEGRADED, s, null, book.degraded[s]);
        family(out, DURATION, "histogram", "Latency of the requests a node served, as seen by the node, in seconds.");
        for (int s = 0; s < book.size; s++) {
            int base = s * LatencyHistogram.BUCKETS;
            for (int b = 0; b < LatencyHistogram.BUCKETS; b++) {
                // cumulative expected counts, rounded: stays monotonic and at most the count
                sample(out, DURATION + "_bucket", s, number(LatencyHistogram.BOUNDS[b]), Math.rint(book.buckets[base + b]));
            }
            sample(out, DURATION + "_bucket", s, "+Inf", book.requests[s]);
            sample(out, DURATION + "_sum", s, null, book.durationSum[s]);
            sample(out, DURATION + "_count", s, null, book.requests[s]);
        }
        family(out, UTILISATION, "gauge", "Arrivals over available capacity in the last tick (0 when capacity is unlimited; above 1 means a growing queue).");
        for (int c = 0; c < topo.cells; c++) cellSample(out, UTILISATION, c, engine.lastUtilisation[c]);
        family(out, IN_ROTATION, "gauge", "1 while the zone takes traffic, 0 while ejected for failing.");
        for (int c = 0; c < topo.cells; c++) cellSample(out, IN_ROTATION, c, engine.inRotation(c) ? 1 : 0);
        family(out, LOAD_FACTOR, "gauge", "Offered user traffic as a share of the estate's declared peak.");
        out.append(LOAD_FACTOR).append(' ').append(number(engine.loadFactor())).append('\n');
        family(out, TIME, "gauge", "Simulated time, seconds since the epoch.");
        out.append(TIME).append(' ').append(number(now.toEpochMilli() / 1000.0)).append('\n');
    }

    private static void family(Appendable out, String name, String type, String help) throws IOException {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(Appendable out, String name, int s, String le, double value) throws IOException {
        MetricsBook book = engine.book;
        out.append(name);
        openLabels(out, book.cell[s], versions.get(book.version[s]));
        if (le != null) out.append(",le=\"").append(le).append('"');
        out.append("} ").append(number(value)).append('\n');
    }

    private void cellSample(Appendable out, String name, int c, double value) throws IOException {
        out.append(name);
        openLabels(out, c, versions.get(engine.version[c]));
        out.append("} ").append(number(value)).append('\n');
    }

    /** Writes the label set without its closing brace, so that a histogram bucket can add {@code le}. */
    private void openLabels(Appendable out, int c, String version) throws IOException {
        int n = topo.cellNode[c];
        out.append("{node=\"").append(escape(topo.estate.id(n)))
                .append("\",zone=\"").append(escape(topo.cellZone[c]))
                .append("\",region=\"").append(escape(topo.estate.region(n)))
                .append("\",version=\"").append(escape(version)).append('"');
    }

    static String escape(String v) {
        if (v.indexOf('\\') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) return v;
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A sample value as Prometheus writes it: integers without a fraction, +Inf/-Inf/NaN spelled out. */
    static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
