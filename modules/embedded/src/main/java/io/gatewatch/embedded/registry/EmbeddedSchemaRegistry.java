package io.gatewatch.embedded.registry;

import com.sun.net.httpserver.HttpServer;
import io.gatewatch.serde.RestSchemaRegistryClient;
import io.gatewatch.serde.SchemaRegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry that speaks the Confluent REST subset Gatewatch and common clients use, and
 * keeps its schemas in a compacted Kafka topic ({@code _schemas}), as Redpanda's built-in
 * registry does. For local mode and tests; in production point {@code schema.registry.url} at a
 * real registry.
 *
 * <p><b>Single writer.</b> The registry reads the topic once at start and then trusts its own
 * memory: run at most one instance per topic at a time. A second instance would not see the
 * first one's registrations and could hand out the same id for another schema.
 *
 * <p>No authentication: it binds to loopback unless told otherwise.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final int HTTP_THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final RegistryLog log;
    private final String url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedSchemaRegistry(HttpServer server, ExecutorService executor, RegistryLog log, String url) {
        this.server = server;
        this.executor = executor;
        this.log = log;
        this.url = url;
    }

    /** Starts on loopback with the store in {@code _schemas} of {@code bootstrapServers}; port 0 picks one. */
    public static EmbeddedSchemaRegistry start(String bootstrapServers, int port) {
        return start(EmbeddedSchemaRegistryConfig.of(bootstrapServers).withPort(port));
    }

    /**
     * Creates the store topic if needed, loads every schema from it, then starts serving.
     *
     * @throws io.gatewatch.serde.SchemaRegistryException when Kafka cannot be used as the store
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static EmbeddedSchemaRegistry start(EmbeddedSchemaRegistryConfig config) {
        Objects.requireNonNull(config, "config");
        RegistryLog log = KafkaRegistryLog.open(config.bootstrapServers(), config.topic(), config.timeout());
        return start(config.host(), config.port(), log);
    }

    /** With any log: tests use an in-memory one to exercise the HTTP API without a broker. */
    static EmbeddedSchemaRegistry start(String host, int port, RegistryLog log) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(log, "log");
        ExecutorService executor = null;
        try {
            RegistryService service = new RegistryService(log);
            service.load();
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
            executor = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads());
            server.setExecutor(executor);
            server.createContext("/", new RegistryHttpHandler(new RegistryApi(service)));
            server.start();
            String url = "http://" + urlHost(server.getAddress()) + ":" + server.getAddress().getPort();
            LOG.info("embedded schema registry serving {} from {}", url, log.describe());
            return new EmbeddedSchemaRegistry(server, executor, log, url);
        } catch (IOException e) {
            shutdown(executor);
            log.close();
            throw new UncheckedIOException("could not bind the embedded schema registry to " + host + ":" + port, e);
        } catch (RuntimeException e) {
            shutdown(executor);
            log.close();
            throw e;
        }
    }

    /** Base URL for {@code schema.registry.url}, e.g. {@code http://127.0.0.1:43817}. */
    public String url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A new REST client for this registry. */
    public SchemaRegistryClient newClient() {
        return new RestSchemaRegistryClient(url);
    }

    /** Stops serving and closes the store producer; the topic and its schemas stay. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        shutdown(executor);
        log.close();
        LOG.info("embedded schema registry at {} stopped", url);
    }

    private static void shutdown(ExecutorService executor) {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("schema registry HTTP threads did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A wildcard bind is reached through loopback; a specific address through itself. */
    private static String urlHost(InetSocketAddress address) {
        InetAddress bound = address.getAddress();
        if (bound == null || bound.isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        String text = bound.getHostAddress();
        return text.contains(":") ? "[" + text + "]" : text;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "schema-registry-http-" + counter.incrementAndGet());
            // a forgotten close() must not keep a test JVM or the CLI alive
            thread.setDaemon(true);
            return thread;
        };
    }
}
