package io.gatewatch.topology.correlate;

/**
 * Request counts of one site in one second. Access-log volume is reduced to these early so that only
 * counters, not lines, are kept in state.
 */
public record TrafficCounts(long requests, long ok, long serverErrors, long badGateway, long gatewayTimeout) {

    public static final TrafficCounts ZERO = new TrafficCounts(0, 0, 0, 0, 0);

    public TrafficCounts plusStatus(int status) {
        return new TrafficCounts(requests + 1,
                ok + (status >= 200 && status < 300 ? 1 : 0),
                serverErrors + (status >= 500 && status < 600 ? 1 : 0),
                badGateway + (status == 502 ? 1 : 0),
                gatewayTimeout + (status == 504 ? 1 : 0));
    }

    public TrafficCounts plus(TrafficCounts o) {
        return new TrafficCounts(requests + o.requests, ok + o.ok, serverErrors + o.serverErrors,
                badGateway + o.badGateway, gatewayTimeout + o.gatewayTimeout);
    }

    /** Errors that count toward an incident of this kind. */
    public long errorsOf(io.gatewatch.avro.IncidentKind kind) {
        return kind == io.gatewatch.avro.IncidentKind.GATEWAY_TIMEOUT ? gatewayTimeout : badGateway;
    }
}
