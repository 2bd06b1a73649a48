package io.gatewatch.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.avro.Site;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryFileTest {

    @Test
    void readsYaml(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("inventory.yaml");
        Files.writeString(file, """
                sites:
                  - site: shop.example.test
                    hosts: [web-1, web-2]
                    fpmPool: shop
                    database: db-1
                    cache: redis-1
                  - site: blog.example.test
                    hosts: [web-1]
                    cdnZone: example-zone
                """);
        List<Site> sites = InventoryFile.read(file);
        assertThat(sites).extracting(Site::getSite).containsExactly("shop.example.test", "blog.example.test");
        assertThat(sites.get(0).getHosts()).containsExactly("web-1", "web-2");
        assertThat(sites.get(0).getDatabase()).isEqualTo("db-1");
        assertThat(sites.get(1).getCdnZone()).isEqualTo("example-zone");
        assertThat(sites.get(1).getLearned()).isFalse();
    }

    @Test
    void readsJsonAndNamesTheProblem(@TempDir Path dir) throws IOException {
        Path ok = dir.resolve("inventory.json");
        Files.writeString(ok, "{\"sites\":[{\"site\":\"a.test\",\"hosts\":[\"web-1\"]}]}");
        assertThat(InventoryFile.read(ok)).hasSize(1);

        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, "{\"sites\":[\n{\"site\":\"a.test\",\n\"hostz\":[\"web-1\"]}]}");
        assertThatThrownBy(() -> InventoryFile.read(typo)).hasMessageContaining("typo.json:3").hasMessageContaining("hostz");

        Path twice = dir.resolve("twice.json");
        Files.writeString(twice, "{\"sites\":[{\"site\":\"a.test\"},{\"site\":\"a.test\"}]}");
        assertThatThrownBy(() -> InventoryFile.read(twice)).hasMessageContaining("a.test is listed twice");
    }
}
