package io.gatewatch.cli.inventory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gatewatch.avro.Site;
import io.gatewatch.cli.scenario.ScenarioSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The inventory file: YAML or JSON of the same shape as {@code inventory} in SCENARIOS.md,
 * {@code {"sites": [{"site", "hosts", "fpmPool", "database", "cache", "cdnZone"}]}}.
 */
public final class InventoryFile {

    private InventoryFile() {
    }

    /** The file's shape; unknown fields are errors here, so that a typo does not silently drop a dependency. */
    record Document(List<ScenarioSpec.SiteSpec> sites) {
    }

    public static List<Site> read(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        ObjectMapper mapper = (name.endsWith(".yaml") || name.endsWith(".yml"))
                ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            mapper.addMixIn(ScenarioSpec.SiteSpec.class, Strict.class);
            Document doc = mapper.readValue(Files.readAllBytes(file), Document.class);
            return toSites(new ScenarioSpec.Inventory(doc.sites()), file.toString(), Instant.now());
        } catch (JsonMappingException e) {
            String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
            throw new IllegalArgumentException(file + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = false)
    private abstract static class Strict {
    }

    /** Validates and converts; {@code origin} names the file in messages. */
    public static List<Site> toSites(ScenarioSpec.Inventory inventory, String origin, Instant now) {
        List<Site> out = new ArrayList<>();
        if (inventory == null || inventory.sites() == null) {
            return out;
        }
        Set<String> seen = new HashSet<>();
        int i = 0;
        for (ScenarioSpec.SiteSpec s : inventory.sites()) {
            if (s == null || s.site() == null || s.site().isBlank()) {
                throw new IllegalArgumentException(origin + ": sites[" + i + "] has no \"site\"");
            }
            if (!seen.add(s.site())) {
                throw new IllegalArgumentException(origin + ": site " + s.site() + " is listed twice");
            }
            List<String> hosts = s.hosts() == null ? List.of() : List.copyOf(s.hosts());
            out.add(new Site(s.site(), hosts, s.fpmPool(), s.database(), s.cache(), s.cdnZone(), false, now));
            i++;
        }
        return out;
    }
}
