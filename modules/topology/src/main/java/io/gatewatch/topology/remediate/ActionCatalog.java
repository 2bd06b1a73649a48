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
    /** Subject prefix of a theme in {@code CauseAssessment.subject}. */
    public static final String THEME_PREFIX = "theme:";
    /** Subject prefix of a plugin in {@code CauseAssessment.subject}. */
    public static final String PLUGIN_PREFIX = "plugin:";
    private static final List<Action> THEME_LADDER = List.of(Action.SWITCH_TO_DEFAULT_THEME, Action.NOTIFY);
    private static final Set<Action> ON_HOST = EnumSet.of(Action.RESTART_PHP_FPM, Action.RESTART_NGINX,
            Action.RAISE_FPM_MAX_CHILDREN, Action.RAISE_FASTCGI_BUFFERS, Action.SCALE_UP, Action.DEACTIVATE_PLUGIN,
            Action.SWITCH_TO_DEFAULT_THEME);
    private static final Set<Action> RESTARTS = EnumSet.of(Action.RESTART_PHP_FPM, Action.RESTART_NGINX,
            Action.RESTART_CACHE);

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

    /**
     * The ladder for a cause and what it names ({@code CauseAssessment.subject}): a theme fault
     * ({@code theme:SLUG}) is remedied by switching to the default theme, not by deactivating a plugin.
     */
    public static List<Action> ladder(Cause cause, String subject) {
        if (cause == Cause.PLUGIN_OR_THEME_FAULT && subject != null && subject.startsWith(THEME_PREFIX)) {
            return THEME_LADDER;
        }
        return ladder(cause);
    }

    public static Action firstAction(Cause cause) {
        return ladder(cause).get(0);
    }

    public static boolean isRisky(Action action) {
        return RISKY.contains(action);
    }

    /**
     * Actions carried out on one web host of the site (the command's {@code host}); the others are
     * site-wide or name their target in the parameters (cache, database, CDN zone), and NOTIFY only tells
     * people.
     */
    public static boolean runsOnHost(Action action) {
        return ON_HOST.contains(action);
    }

    /** Restarts of a service: what the cooldown and recurrence escalation count. */
    public static boolean isRestart(Action action) {
        return RESTARTS.contains(action);
    }

    private ActionCatalog() {
    }
}
