package io.gatewatch.cli.scenario;

/** A scenario that does not follow SCENARIOS.md; the message names the file and line. */
public final class ScenarioException extends RuntimeException {

    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
