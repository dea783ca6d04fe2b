package io.blastwall.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastwall.cli.client.ApiClient;

import java.time.Duration;
import java.util.Set;

/**
 * Follows one rollout through the API ({@code GET /api/v1/rollouts/{id}}) until it ends, telling the narrator each time
 * a wave changes phase or gets its verdict, and the bake timer in between. Polls a few times a second: one client,
 * one rollout, for the length of the demo. Not thread-safe; one watch per rollout.
 */
final class RolloutWatch {

    private static final Set<String> FINAL = Set.of("completed", "rolled-back", "aborted", "halted");
    private static final Duration POLL = Duration.ofMillis(150);

    private final ApiClient client;
    private final Narrator say;
    private final Duration patience;

    RolloutWatch(ApiClient client, Narrator say, Duration patience) {
        this.client = client;
        this.say = say;
        this.patience = patience;
    }

    /** Returns the rollout as it ended (or as it was when patience ran out). */
    JsonNode follow(String rolloutId) {
        long deadline = System.nanoTime() + patience.toNanos();
        JsonNode r = client.rollout(rolloutId).json();
        say.plan(r);
        String[] seen = new String[r.path("waves").size() + 1];
        boolean[] judged = new boolean[r.path("waves").size() + 1];
        String lastState = "";
        while (true) {
            JsonNode waves = r.path("waves");
            for (int i = 0; i < waves.size(); i++) {
                JsonNode w = waves.get(i);
                // a verdict is told once, even when the wave moved on between two polls
                if (w.path("verdict").isObject() && !judged[i]) {
                    judged[i] = true;
                    say.judged(r, w);
                }
                String key = w.path("phase").asText() + "|" + w.path("attempt").asInt();
                if (!key.equals(seen[i])) {
                    seen[i] = key;
                    if (!"pending".equals(w.path("phase").asText())) say.wave(r, w);
                }
                if ("baking".equals(w.path("phase").asText())) say.bakeTimer(w);
            }
            String state = r.path("state").asText();
            if (!state.equals(lastState)) {
                lastState = state;
                say.rolloutState(r);
            }
            if (FINAL.contains(state) || System.nanoTime() > deadline) {
                say.endTimer();
                return r;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
            r = client.rollout(rolloutId).json();
        }
    }
}
