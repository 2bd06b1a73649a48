package io.gatewatch.parse.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Parses the real samples of the shared corpus (../shared/corpus; see its SOURCES.md) with Gatewatch's
 * parsers and compares field values with what other projects' tests expect from the same lines. Prints a
 * table per source and fails on any difference that {@link KnownDifferences} does not explain.
 */
class CorpusConformanceTest {

    @Test
    void corpusMatchesOtherProjectsExpectations() {
        Path root = Corpus.locate();
        if (!Files.isDirectory(root)) {
            System.out.println("CONFORMANCE SKIPPED: corpus directory " + root + " does not exist"
                    + " (set -Dgatewatch.corpus.dir or -Dgatewatch.shared.dir)");
        }
        Assumptions.assumeTrue(Files.isDirectory(root), "corpus directory " + root + " does not exist");

        Corpus corpus = new Corpus(root);
        Ledger ledger = new Ledger(new KnownDifferences());
        BeatsSource.run(corpus, ledger);
        OpsAgentSource.run(corpus, ledger);
        DataDogSource.run(corpus, ledger);
        CrowdSecSource.run(corpus, ledger);
        LogstashSource.run(corpus, ledger);
        RawSources.run(corpus, ledger);

        System.out.println("Conformance against " + root);
        System.out.print(ledger.table());
        System.out.println("Out of scope:");
        System.out.print(ledger.outOfScopeSummary());
        System.out.println("Known differences (id, kind, hits, why):");
        System.out.print(ledger.explainedSummary());
        List<Ledger.Diff> unexplained = ledger.unexplained();
        if (!unexplained.isEmpty()) {
            System.out.println("UNEXPLAINED (" + unexplained.size() + "):");
            unexplained.forEach(d -> System.out.println("  " + d.line()));
        }
        // The directory exists, so every source family must have been found and read: a missing or renamed
        // file is a failure, not a silent pass.
        for (String family : List.of("beats/nginx/access/", "beats/nginx/error/", "beats/nginx/ingress_controller/",
                "beats/mysql/error/", "beats/mysql/slowlog/", "ops-agent/", "datadog/nginx", "datadog/mysql",
                "crowdsec/", "logstash/", "lnav/", "wild/")) {
            int entries = ledger.sources().entrySet().stream().filter(e -> e.getKey().startsWith(family))
                    .mapToInt(e -> e.getValue().entries).sum();
            assertThat(entries).as("entries compared from %s in %s", family, root).isPositive();
        }
        assertThat(unexplained.stream().map(Ledger.Diff::line).collect(Collectors.toList()))
                .as("differences from the corpus expectations that no known difference explains").isEmpty();
    }
}
