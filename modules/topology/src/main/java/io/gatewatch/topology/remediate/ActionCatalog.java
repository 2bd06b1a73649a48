package io.gatewatch.topology.remediate;

import io.gatewatch.avro.Action;
import io.gatewatch.avro.Cause;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The remediation ladder of each cause (DESIGN.md) and which actions are risky. */
public final class ActionCatalog {

    private static final Map<Cause, List<Action>> LADDERS = new EnumMap<>(Cause.class);
    /** Actions that change capacity, configuration or traffic routing: never run without approval. */
    private static final Set<Action> RISKY = EnumSet.of(Action.RAISE_FPM_MAX_CHILDREN, Action.SCALE_UP,
            Action.PAUSE_CDN, Action.RAISE_FASTCGI_BUFFERS, Action.KILL_SLOW_QUERIES);

    static {
        LADDERS.put(Cause.PHP_FPM_DOWN, List.of(Action.RESTART_PHP_FPM, Action.RESTART_NGINX, Action.NOTIFY));
        LADDERS.put(Cause.PHP_FPM_WORKER_CRASH, List.of(Action.RESTART_PHP_FPM, Action.RESTART_NGINX, Action.NOTIFY));
        LADDERS.put(Cause.PHP_FPM_SATURATED, List.of(Action.RAISE_FPM_MAX_CHILDREN, Action.NOTIFY));
        LADDERS.put(Cause.TRAFFIC_SPIKE, List.of(Action.SCALE_OUT, Action.NOTIFY));
        LADDERS.put(Cause.HOST_RESOURCE_EXHAUSTION, List.of(Action.SCALE_UP, Action.NOTIFY));
        LADDERS.put(Cause.DATABASE_SLOW, List.of(Action.NOTIFY, Action.KILL_SLOW_QUERIES));
        LADDERS.put(Cause.PLUGIN_OR_THEME_FAULT, List.of(Action.DEACTIVATE_PLUGIN, Action.NOTIFY));
        LADDERS.put(Cause.CACHE_FAILURE, List.of(Action.RESTART_CACHE, Action.PURGE_CACHE, Action.NOTIFY));
        LADDERS.put(Cause.CDN_EDGE, List.of(Action.PAUSE_CDN, Action.NOTIFY));
        LADDERS.put(Cause.UPSTREAM_HEADER_TOO_BIG, List.of(Action.RAISE_FASTCGI_BUFFERS, Action.NOTIFY));
        LADDERS.put(Cause.UPSTREAM_UNREACHABLE, List.of(Action.NOTIFY));
        LADDERS.put(Cause.UNKNOWN, List.of(Action.NOTIFY));
    }

    public static List<Action> ladder(Cause cause) {
        return LADDERS.getOrDefault(cause, List.of(Action.NOTIFY));
    }

    public static Action firstAction(Cause cause) {
        return ladder(cause).get(0);
    }

    public static boolean isRisky(Action action) {
        return RISKY.contains(action);
    }

    private ActionCatalog() {
    }
}
