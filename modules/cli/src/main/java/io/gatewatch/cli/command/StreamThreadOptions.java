package io.gatewatch.cli.command;

import io.gatewatch.cli.runtime.StreamsSettings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The stream threads and record cache of a topology instance, shared by {@code run} and {@code bench}; a bad
 * value is named as a usage error of the command that took it.
 */
public final class StreamThreadOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--threads", paramLabel = "N",
            description = "Stream threads per instance (default: one per available core).")
    Integer threads;

    @Option(names = "--record-cache", paramLabel = "SIZE",
            description = "On-heap record cache in front of the stores, shared by the stream threads of this instance "
                    + "(e.g. 128MiB; default: 64MiB).")
    String recordCache;

    int threads() {
        try {
            return StreamsSettings.threads(threads);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage(), e);
        }
    }

    long recordCacheBytes() {
        try {
            return StreamsSettings.recordCacheBytes(recordCache);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage(), e);
        }
    }
}
