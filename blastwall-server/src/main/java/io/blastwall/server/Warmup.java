package io.blastwall.server;

import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.controlplane.Submission;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.ResourceSelector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the submission path before the server accepts requests, so that the JIT compiler has done its work before the
 * first real submission: on a small machine a cold server answers its first few hundred submissions slowly, and at
 * tens of submissions a second that builds a backlog it takes tens of seconds to drain. Each round reads a synthetic
 * Terraform plan ({@code terraform show -json} form) through the control plane's own reader, maps it onto the estate,
 * computes the blast radius, evaluates the policies and renders the revision and the ledger entry
 * ({@link ControlPlane#rehearse}); nothing is stored.
 *
 * <p>The plan has up to 50 resource changes on nodes spread over the estate — at the Terraform addresses their
 * selectors name where there is one — in every ten, in-place updates, a scale-up, a scale-down, a creation, a deletion
 * or a replacement, a replacement in the other order and a no-op or an update, in the whole shape of
 * {@code terraform show -json}.
 *
 * <p>Stateless; call once at start-up.
 */
public final class Warmup {

    private Warmup() {
    }

    /** Rehearses submissions for about {@code budget}; returns how many ran. */
    public static int run(ControlPlane controlPlane, Duration budget) {
        return run(controlPlane, budget, false).rehearsals();
    }

    /**
     * What a warm-up did.
     *
     * @param rehearsals submissions rehearsed
     * @param elapsed    how long it took
     * @param jitQuiet   whether it stopped early because the JIT compiler had gone quiet
     */
    public record Result(int rehearsals, Duration elapsed, boolean jitQuiet) {
    }

    /**
     * Fewer rehearsals than this never count as warm: the C2 compiler takes a method called once per submission only
     * after several hundred calls (HotSpot's Tier4MinInvocationThreshold is 600, raised while its queue is long), so
     * a quiet JIT before that only means the compiler has not started on it yet.
     */
    static final int MIN_REHEARSALS = 1_000;

    /**
     * Rehearses submissions for at most {@code budget}, on one thread per processor. With {@code untilJitQuiet},
     * stops earlier once at least {@link #MIN_REHEARSALS} ran and the JIT compiler has gone quiet: in two consecutive
     * seconds it finished compilations taking less than a tenth of the time, and every thread but the rehearsing ones
     * used less than a tenth of a processor. The second test sees compilations still running (a large method takes the
     * C2 compiler seconds, and its time is counted only when it ends). Without a way to read CPU times, the first test
     * alone decides.
     *
     * @throws RuntimeException what a rehearsal threw (the synthetic plan is read like any other; a failure is a bug)
     */
    public static Result run(ControlPlane controlPlane, Duration budget, boolean untilJitQuiet) {
        long t0 = System.nanoTime();
        if (budget.isZero() || budget.isNegative()) return new Result(0, Duration.ZERO, false);
        // spread plans land in many regions and zones, local ones in one: both are common, and the analysis takes
        // other branches for each (a branch first taken under load costs a deoptimisation and seconds of recompiling)
        List<String> spread = addresses(controlPlane.config().estate(), 50);
        List<String> local = localAddresses(controlPlane.config().estate(), 50);
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        boolean measurable = untilJitQuiet && jit != null && jit.isCompilationTimeMonitoringSupported();
        long end = t0 + budget.toNanos();
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        for (int w = 0; w < Runtime.getRuntime().availableProcessors(); w++) {
            workers.add(Thread.ofPlatform().name("blastwall-warm-up-" + w).daemon().start(() -> {
                try {
                    while (!stop.get() && System.nanoTime() < end) {
                        int round = runs.getAndIncrement();
                        rehearse(controlPlane, round % 2 == 0 ? spread : local, round);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    stop.set(true);
                }
            }));
        }
        CpuClock cpu = CpuClock.of(workers);
        boolean quietEnd = false;
        try {
            long intervalStart = System.nanoTime(), jitAtStart = measurable ? jit.getTotalCompilationTime() : 0;
            long othersAtStart = cpu.others();
            int quietSeconds = 0;
            while (!stop.get() && System.nanoTime() < end) {
                Thread.sleep(Math.max(1, Math.min(1_000, (end - System.nanoTime()) / 1_000_000)));
                long now = System.nanoTime();
                if (!measurable || now - intervalStart < 1_000_000_000L) continue;
                long compiled = jit.getTotalCompilationTime(); // milliseconds, summed over the compiler threads
                long others = cpu.others();
                long wallNanos = now - intervalStart;
                boolean quiet = (compiled - jitAtStart) * 10 < wallNanos / 1_000_000 && (others - othersAtStart) * 10 < wallNanos;
                quietSeconds = quiet ? quietSeconds + 1 : 0;
                if (quietSeconds >= 2 && runs.get() >= MIN_REHEARSALS) {
                    quietEnd = true;
                    break;
                }
                intervalStart = now;
                jitAtStart = compiled;
                othersAtStart = others;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stop.set(true);
            for (Thread t : workers) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (failure.get() != null) throw failure.get();
        return new Result(runs.get(), Duration.ofNanos(System.nanoTime() - t0), quietEnd);
    }

    /**
     * CPU time of the whole process less the rehearsing threads', in nanoseconds: what the JIT compiler, the garbage
     * collector and every other thread used. Always 0 where the JVM cannot tell (then it never stands in the way).
     */
    private record CpuClock(com.sun.management.OperatingSystemMXBean os, java.lang.management.ThreadMXBean threads,
                            long[] ids) {
        static CpuClock of(List<Thread> workers) {
            var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            boolean usable = os instanceof com.sun.management.OperatingSystemMXBean sun && sun.getProcessCpuTime() >= 0
                    && threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
            long[] ids = workers.stream().mapToLong(Thread::threadId).toArray();
            return usable ? new CpuClock((com.sun.management.OperatingSystemMXBean) os, threads, ids)
                    : new CpuClock(null, null, ids);
        }

        long others() {
            if (os == null) return 0;
            long process = os.getProcessCpuTime(), rehearsing = 0;
            for (long id : ids) rehearsing += Math.max(0, threads.getThreadCpuTime(id)); // -1 once a thread ended
            return process - rehearsing;
        }
    }

    /**
     * One rehearsal as the API runs a submission: the request body parsed, the submission rehearsed
     * ({@link ControlPlane#rehearse}) and the answer rendered, so the HTTP layer's JSON work is compiled too.
     */
    private static void rehearse(ControlPlane controlPlane, List<String> addresses, int round) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "warm-up");
        body.put("format", "terraform-plan");
        body.put("documents", List.of(Map.of("name", "warm-up-plan.json", "content", Json.INSTANCE.write(plan(addresses, round)))));
        Submission s = Api.submission(Json.request(Json.write(body, false).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Api.SubmitRequest.class));
        if (Json.write(Views.change(controlPlane.rehearse(s)), false).isEmpty()) throw new IllegalStateException("empty answer");
    }

    /**
     * Up to {@code n} Terraform addresses of nodes spread over the estate (synthetic ones for nodes without any); the
     * first is a global node's (one in no region, updated in every plan) when the estate has one and the spread
     * missed it.
     */
    static List<String> addresses(Estate e, int n) {
        int count = Math.min(n, e.nodeCount());
        List<Integer> nodes = new ArrayList<>(count);
        for (int k = 0; k < count; k++) nodes.add((int) ((long) k * e.nodeCount() / count));
        if (count > 1 && nodes.stream().noneMatch(node -> e.region(node).isEmpty())) {
            for (int node = 0; node < e.nodeCount(); node++) {
                if (e.region(node).isEmpty()) {
                    nodes.set(0, node);
                    break;
                }
            }
        }
        List<String> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) out.add(address(e, nodes.get(k), k));
        return out;
    }

    /**
     * Up to {@code n} Terraform addresses of nodes in the region and first zone of the estate's first node that has a
     * region (at least that node's own): a change that lands in one place.
     */
    static List<String> localAddresses(Estate e, int n) {
        List<String> out = new ArrayList<>();
        if (e.nodeCount() == 0) return out;
        int anchor = 0;
        while (anchor + 1 < e.nodeCount() && e.region(anchor).isEmpty()) anchor++;
        String region = e.region(anchor), zone = e.zoneCount(anchor) > 0 ? e.zone(anchor, 0) : "";
        for (int node = 0; node < e.nodeCount() && out.size() < n; node++) {
            boolean inZone = zone.isEmpty() ? e.zoneCount(node) == 0 : e.zoneCount(node) > 0 && e.zone(node, 0).equals(zone);
            if (e.region(node).equals(region) && inZone) out.add(address(e, node, out.size()));
        }
        return out;
    }

    /** The first exact Terraform address a selector of {@code node} names, else a synthetic one numbered {@code k}. */
    private static String address(Estate e, int node, int k) {
        for (ResourceSelector s : e.selectors(node)) {
            if (s instanceof ResourceSelector.TerraformAddress t && !t.isPattern()) return t.pattern();
        }
        return "terraform_data.blastwall_warm_up_" + k;
    }

    /**
     * A plan of one resource change per address, in the shape {@code terraform show -json} gives: resource changes
     * (with module address and action reason where Terraform gives them), planned values, prior state, configuration
     * and the top-level flags. Attributes hold every JSON type (strings, integers, decimals, booleans, lists, objects,
     * null) and unknown values, so that no reader branch is left for the first real plan to find (a branch the JIT
     * compiler never saw costs a deoptimisation and seconds of recompiling under load). {@code round} makes each
     * round's content differ.
     */
    static Map<String, Object> plan(List<String> addresses, int round) {
        List<Object> changes = new ArrayList<>(addresses.size());
        List<Object> planned = new ArrayList<>(), prior = new ArrayList<>(), configured = new ArrayList<>();
        for (int k = 0; k < addresses.size(); k++) {
            String address = addresses.get(k);
            String[] typeAndName = typeAndName(address);
            Map<String, Object> before = attributes(round, 2), after = attributes(round + 1, 2);
            String reason = null;
            // every ten: 4 in-place updates, a scale-up, a scale-down, a creation, a deletion or a create-before-
            // destroy replacement, a destroy-before-create replacement, a no-op or another update
            boolean even = (k / 10) % 2 == 0;
            List<String> actions = switch (k % 10) {
                case 4 -> {
                    after = attributes(round, 3); // desired_count 2 -> 3
                    yield List.of("update");
                }
                case 5 -> {
                    after = attributes(round, 1); // 2 -> 1
                    yield List.of("update");
                }
                case 6 -> {
                    before = null;
                    yield List.of("create");
                }
                case 7 -> {
                    if (even) after = null;
                    reason = even ? "delete_because_no_resource_config" : "replace_because_cannot_update";
                    yield even ? List.of("delete") : List.of("create", "delete");
                }
                case 8 -> {
                    reason = "replace_because_cannot_update";
                    yield List.of("delete", "create");
                }
                case 9 -> {
                    if (even) after = before;
                    yield List.of(even ? "no-op" : "update");
                }
                default -> List.of("update");
            };
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("actions", actions);
            change.put("before", before);
            change.put("after", after);
            change.put("after_unknown", before == null ? Map.of("id", true, "arn", true) : Map.of());
            change.put("before_sensitive", before == null ? false : Map.of("tags", Map.of()));
            change.put("after_sensitive", after == null ? false : Map.of("tags", Map.of()));
            if (actions.size() == 2) change.put("replace_paths", List.of(List.of("image")));
            Map<String, Object> rc = resource(address, typeAndName);
            int dot = address.indexOf('.', address.startsWith("module.") ? "module.".length() : 0);
            if (address.startsWith("module.") && dot > 0) rc.put("module_address", address.substring(0, dot));
            rc.put("change", change);
            if (reason != null) rc.put("action_reason", reason);
            changes.add(rc);
            if (after != null) planned.add(withValues(resource(address, typeAndName), after));
            if (before != null) prior.add(withValues(resource(address, typeAndName), before));
            Map<String, Object> conf = resource(address, typeAndName);
            conf.remove("provider_name"); // the configuration names the provider by its key
            conf.put("provider_config_key", "aws");
            conf.put("expressions", Map.of("image", Map.of("constant_value", "registry.example/warm-up")));
            conf.put("schema_version", 0);
            configured.add(conf);
        }
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("format_version", "1.2");
        plan.put("terraform_version", "1.9.8");
        plan.put("planned_values", Map.of("root_module", Map.of("resources", planned)));
        plan.put("resource_changes", changes);
        plan.put("prior_state", Map.of("format_version", "1.0", "terraform_version", "1.9.8",
                "values", Map.of("root_module", Map.of("resources", prior))));
        plan.put("configuration", Map.of("provider_config", Map.of("aws", Map.of("name", "aws",
                "full_name", "registry.terraform.io/hashicorp/aws")), "root_module", Map.of("resources", configured)));
        plan.put("timestamp", "2026-01-01T00:00:" + String.format("%02d", round % 60) + "Z");
        plan.put("applyable", true);
        plan.put("complete", true);
        plan.put("errored", false);
        return plan;
    }

    private static Map<String, Object> resource(String address, String[] typeAndName) {
        Map<String, Object> rc = new LinkedHashMap<>();
        rc.put("address", address);
        rc.put("mode", "managed");
        rc.put("type", typeAndName[0]);
        rc.put("name", typeAndName[1]);
        rc.put("provider_name", "registry.terraform.io/hashicorp/aws");
        return rc;
    }

    private static Map<String, Object> withValues(Map<String, Object> resource, Map<String, Object> values) {
        resource.put("schema_version", 0);
        resource.put("values", values);
        resource.put("sensitive_values", Map.of("tags", Map.of()));
        return resource;
    }

    private static Map<String, Object> attributes(int version, int count) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("image", "registry.example/warm-up:" + version);
        a.put("desired_count", count);
        a.put("cpu_share", 0.25 * (1 + version % 4));
        a.put("enable_execute_command", version % 2 == 0);
        a.put("subnets", List.of("subnet-a", "subnet-b"));
        a.put("deployment", Map.of("minimum_healthy_percent", 50, "circuit_breaker", Map.of("enable", true, "rollback", true)));
        a.put("description", null);
        a.put("tags", Map.of("release", "r" + version, "owner", "blastwall"));
        return a;
    }

    /** Type and name of a resource address ({@code module.a.aws_x.name[0]} → {@code aws_x}, {@code name}). */
    private static String[] typeAndName(String address) {
        String[] parts = address.split("\\.");
        int i = 0;
        while (i + 1 < parts.length && parts[i].equals("module")) i += 2;
        String type = i < parts.length ? parts[i] : "terraform_data";
        String name = i + 1 < parts.length ? parts[i + 1].replaceAll("\\[.*", "") : "warm_up";
        return new String[]{type, name};
    }
}
