package io.gatewatch.cli.scenario;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** scenario.json, as SCENARIOS.md defines it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScenarioSpec(String name, String description, String timezone, Inventory inventory, Expect expect) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Inventory(List<SiteSpec> sites) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SiteSpec(String site, List<String> hosts, String fpmPool, String database, String cache,
                           String cdnZone) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Expect(List<ExpectedIncident> incidents, List<ExpectedAction> actions) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ExpectedIncident(String site, String kind, String topCause, List<String> openedBetween) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ExpectedAction(String site, String action) {
    }
}
