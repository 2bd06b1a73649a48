package io.gatewatch.ship;

import io.gatewatch.model.InputHeaders;
import io.gatewatch.parse.Parsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships one log file to Kafka, exactly once: every entry of the file ends up in the topic once, in
 * file order, across restarts, broker errors and crashes of the shipper itself (kill -9 included).
 *
 * <h2>Records</h2>
 * One record per entry (a multi-line entry is one record, its lines joined with {@code \n}, bytes as
 * in the file): key = site (UTF-8), headers {@code gatewatch.source}, {@code gatewatch.host},
 * {@code gatewatch.site} and, if configured, {@code gatewatch.zone}. The key puts all of a site's
 * records on one partition, so their order is kept.
 *
 * <h2>Delivery: why nothing is lost and nothing is duplicated</h2>
 * The file offset and the Kafka records cannot be written atomically together, since one is a local
 * file and the other a remote log. Writing the offset after the broker acknowledged alone gives
 * at-least-once (a crash between the two re-sends the batch); writing it before gives at-most-once.
 * This shipper closes that gap with a transactional producer and a two-phase checkpoint:
 * <ol>
 *   <li>Entries are sent in a transaction ({@code transactional.id} fixed per file and kept in the
 *   checkpoint; idempotent, {@code acks=all}) and flushed until every send is acknowledged. The records
 *   are in the log but invisible to {@code read_committed} consumers.</li>
 *   <li>The checkpoint is saved (temp file, fsync, atomic rename) with the position before the batch as
 *   {@code committed} and the position after it as {@code pending}, together with the partition, offset
 *   and checksum of the batch's last record.</li>
 *   <li>The transaction is committed.</li>
 *   <li>The checkpoint is saved again with the position after the batch as {@code committed} and no
 *   pending transaction.</li>
 * </ol>
 * On start the producer calls {@code initTransactions()} with the same {@code transactional.id}. The
 * broker then settles whatever a killed predecessor left: an open transaction is aborted (its records
 * are never shown to read_committed consumers), one whose commit had been requested is completed. Only
 * then is the checkpoint read:
 * <ul>
 *   <li>no {@code pending}: the crash (if any) came before step 2, so the last transaction was aborted;
 *   reading resumes at {@code committed};</li>
 *   <li>{@code pending}: the crash came between steps 2 and 4 and the commit may or may not have
 *   happened. The broker knows: a read_committed consumer seeks to the recorded offset of the batch's
 *   last record and either receives that record (committed: resume after the batch) or is moved past
 *   it (aborted: resume before the batch). See {@link InDoubtTransaction}.</li>
 * </ul>
 * Either way the resume point is exactly the end of what Kafka holds as committed, so no entry is sent
 * twice into committed data and none is skipped. Consumers must read with
 * {@code isolation.level=read_committed} (Kafka Streams with exactly_once_v2 does). A second shipper
 * cannot start on the same checkpoint (it is locked for the life of the process), and a shipper that
 * somehow shares the {@code transactional.id} is fenced by the broker and stops with an error rather
 * than write duplicates.
 *
 * <p>The one case the broker can no longer answer is a pending transaction whose records retention has
 * deleted before the restart; the shipper then resumes before the batch (duplicates over loss) and says
 * so in the log.
 *
 * <h2>Life cycle</h2>
 * {@link #open} connects, settles the checkpoint and positions the {@link FileTailer}. {@link #run()}
 * follows the file until {@link #stop()}; then it ships what was read, the entry being assembled
 * included, and writes the checkpoint. {@link #runOnce()} reads to the end of the file, ships and
 * returns. A broker error aborts the transaction and retries the same entries.
 */
public final class Shipper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
    private static final long MAX_BYTES_PER_POLL = 1024 * 1024;
    private static final int ONCE_ATTEMPTS = 3;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Points in a transaction's life, for tests that kill the shipper there. */
    enum Stage { SENT, PENDING_SAVED, COMMITTED, CHECKPOINTED }

    /** Test seam: called at each {@link Stage} with the number of the transaction (from 1). */
    interface Hooks {
        Hooks NONE = (stage, transaction) -> { };

        void at(Stage stage, int transaction);
    }

    private final ShipperConfig config;
    private final Hooks hooks;
    private final CheckpointStore store;
    private final AutoCloseable lock;
    private final Producer<byte[], byte[]> producer;
    private final FileTailer tailer;
    private final ArrayDeque<FileTailer.TailedEntry> ready = new ArrayDeque<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final byte[] key;
    private final RecordHeaders headers = new RecordHeaders();
    private Checkpoint checkpoint;
    private int transactions;
    private long entriesShipped;
    private boolean once;

    private Shipper(ShipperConfig config, Hooks hooks, CheckpointStore store, AutoCloseable lock,
                    Producer<byte[], byte[]> producer, Checkpoint checkpoint) {
        this.config = config;
        this.hooks = hooks;
        this.store = store;
        this.lock = lock;
        this.producer = producer;
        this.checkpoint = checkpoint;
        this.key = config.site().getBytes(StandardCharsets.UTF_8);
        headers.add(InputHeaders.SOURCE, config.source().getBytes(StandardCharsets.UTF_8));
        headers.add(InputHeaders.HOST, config.host().getBytes(StandardCharsets.UTF_8));
        headers.add(InputHeaders.SITE, config.site().getBytes(StandardCharsets.UTF_8));
        if (config.zone() != null) {
            headers.add(InputHeaders.ZONE, config.zone().getId().getBytes(StandardCharsets.UTF_8));
        }
        FramingRules rules = FramingRules.of(config.source(), Parsers.forFormat(config.source()).orElse(null));
        this.tailer = new FileTailer(config.file(), rules, config.maxEntryLines(), config.maxEntryBytes(),
                config.rotationGrace(), MAX_BYTES_PER_POLL, ready::add);
    }

    /**
     * Connects to Kafka, settles the transaction a previous run may have left in doubt and positions
     * the tailer at the checkpoint.
     *
     * @throws IllegalStateException if Kafka is unreachable, the topic is missing or the checkpoint is damaged
     */
    public static Shipper open(ShipperConfig config) throws IOException {
        return open(config, Hooks.NONE, false);
    }

    /** As {@link #open(ShipperConfig)}; {@code once}: the file must exist and rotation is followed at once. */
    public static Shipper open(ShipperConfig config, boolean once) throws IOException {
        return open(config, Hooks.NONE, once);
    }

    static Shipper open(ShipperConfig config, Hooks hooks, boolean once) throws IOException {
        CheckpointStore store = new CheckpointStore(config.checkpoint());
        AutoCloseable lock = store.lock();
        Producer<byte[], byte[]> producer = null;
        Shipper shipper = null;
        try {
            Optional<Checkpoint> stored = store.load();
            if (once && !Files.exists(config.file()) && stored.map(c -> c.committed() == null).orElse(true)) {
                throw new NoSuchFileException(config.file().toString(), null, "no such file");
            }
            checkBroker(config);
            String transactionalId = stored.map(Checkpoint::transactionalId).orElseGet(config::defaultTransactionalId);
            producer = new KafkaProducer<>(producerProps(config, transactionalId));
            // fences a killed predecessor and settles its open transaction before anything is read
            producer.initTransactions();
            Checkpoint cp = stored.orElseGet(() ->
                    new Checkpoint(transactionalId, config.file().toAbsolutePath().toString(), null, null));
            cp = settle(cp, config);
            ShipperConfig effective = once ? config.withRotationGrace(Duration.ZERO) : config;
            shipper = new Shipper(effective, hooks, store, lock, producer, cp);
            shipper.once = once;
            shipper.tailer.open(cp.committed(), config.fromEnd());
            if (cp.committed() == null) {
                // remember the starting point now, so a crash before the first commit cannot move it
                Optional<FilePosition> start = shipper.tailer.openedAt();
                if (start.isPresent()) {
                    cp = cp.withCommitted(start.get());
                    shipper.checkpoint = cp;
                }
            }
            store.save(cp);
            return shipper;
        } catch (IOException | RuntimeException e) {
            if (shipper != null) {
                shipper.tailer.close();
            }
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
            closeQuietly(lock);
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing {}: {}", c, e.toString());
        }
    }

    /** Follows the file until {@link #stop()} is called, then ships what was read and returns. */
    public void run() throws IOException, InterruptedException {
        while (stopRequested.getCount() > 0) {
            boolean progressed = tailer.poll();
            if (!progressed && tailer.hasPendingEntry()
                    && System.nanoTime() - tailer.pendingSinceNanos() >= config.flushTimeout().toNanos()) {
                tailer.flushPendingEntry();
            }
            shipReady();
            if (!progressed) {
                stopRequested.await(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        // stopping: what was read goes out, the entry being assembled included, and the checkpoint follows
        tailer.flushPendingEntry();
        shipReady();
        LOG.info("Stopped: {} entries in {} transactions; checkpoint {}", entriesShipped, transactions,
                checkpoint.committed());
    }

    /** Reads the file (and a rotated predecessor the checkpoint points into) to its end, ships it, returns. */
    public void runOnce() throws IOException, InterruptedException {
        while (tailer.poll()) {
            shipReady();
        }
        tailer.endOfInput();
        shipReady();
    }

    /** Asks {@link #run()} to finish; returns at once. */
    public void stop() {
        stopRequested.countDown();
    }

    /** Entries shipped (committed) by this instance. */
    public long entriesShipped() {
        return entriesShipped;
    }

    /** Transactions committed by this instance. */
    public int transactions() {
        return transactions;
    }

    /** The checkpoint as last saved. */
    public Checkpoint checkpoint() {
        return checkpoint;
    }

    public ShipperConfig config() {
        return config;
    }

    /** Closes the producer (after {@link #run()} returned, everything read has been committed). */
    @Override
    public void close() {
        tailer.close();
        try {
            producer.close(Duration.ofSeconds(30));
        } finally {
            closeQuietly(lock);
        }
    }

    private void shipReady() throws InterruptedException {
        while (!ready.isEmpty()) {
            List<FileTailer.TailedEntry> batch = new ArrayList<>();
            long bytes = 0;
            while (!ready.isEmpty() && batch.size() < config.maxBatchEntries()
                    && (batch.isEmpty() || bytes + ready.peek().entry().byteLength() <= config.maxBatchBytes())) {
                FileTailer.TailedEntry e = ready.poll();
                bytes += e.entry().byteLength();
                batch.add(e);
            }
            shipWithRetries(batch);
        }
    }

    private void shipWithRetries(List<FileTailer.TailedEntry> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                ship(batch);
                return;
            } catch (KafkaException e) {
                if (isFatal(e)) {
                    throw fatal(e);
                }
                try {
                    producer.abortTransaction();
                } catch (KafkaException abortFailed) {
                    throw fatal(abortFailed);
                }
                boolean stopping = stopRequested.getCount() == 0;
                if ((once && attempt >= ONCE_ATTEMPTS) || stopping) {
                    throw new IllegalStateException("could not ship to " + config.topic() + " at "
                            + config.bootstrapServers() + ": " + e.getMessage()
                            + " (nothing was lost: the checkpoint is at the last committed entry)", e);
                }
                long backoff = Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(attempt, 10));
                LOG.warn("Shipping {} entries failed ({}); aborted the transaction, retrying in {} ms", batch.size(),
                        e.toString(), backoff);
                stopRequested.await(backoff, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** One transaction, with the two-phase checkpoint described in the class doc. */
    private void ship(List<FileTailer.TailedEntry> batch) throws InterruptedException {
        int number = transactions + 1;
        producer.beginTransaction();
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        ProducerRecord<byte[], byte[]> last = null;
        for (FileTailer.TailedEntry e : batch) {
            last = new ProducerRecord<>(config.topic(), null, key, e.entry().bytes(), headers);
            sends.add(producer.send(last));
        }
        producer.flush();
        RecordMetadata lastMeta = null;
        for (Future<RecordMetadata> f : sends) {
            lastMeta = await(f);
        }
        hooks.at(Stage.SENT, number);
        FilePosition after = batch.get(batch.size() - 1).after();
        checkpoint = checkpoint.withPending(new Checkpoint.Pending(after, lastMeta.topic(), lastMeta.partition(),
                lastMeta.offset(), InDoubtTransaction.checksum(last.key(), last.value())));
        save(checkpoint);
        hooks.at(Stage.PENDING_SAVED, number);
        commit();
        hooks.at(Stage.COMMITTED, number);
        transactions = number;
        entriesShipped += batch.size();
        checkpoint = checkpoint.withCommitted(after);
        save(checkpoint);
        hooks.at(Stage.CHECKPOINTED, number);
    }

    private void commit() {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                // the commit may be under way; the producer allows retrying it until it is known
                if (attempt >= 10) {
                    throw e;
                }
                LOG.warn("Committing the transaction timed out; retrying ({})", e.getMessage());
            }
        }
    }

    private static RecordMetadata await(Future<RecordMetadata> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof KafkaException k ? k : new KafkaException(cause);
        }
    }

    private void save(Checkpoint cp) {
        try {
            store.save(cp);
        } catch (UncheckedIOException e) {
            // without a durable checkpoint the guarantee cannot be kept: stop (the broker settles the rest)
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static boolean isFatal(KafkaException e) {
        return e instanceof ProducerFencedException || e instanceof OutOfOrderSequenceException
                || e instanceof AuthorizationException || e instanceof AuthenticationException
                || e instanceof UnsupportedVersionException || e instanceof RecordTooLargeException
                || e instanceof InvalidTopicException;
    }

    private IllegalStateException fatal(KafkaException e) {
        String why = e instanceof ProducerFencedException
                ? "another shipper took over transactional id '" + checkpoint.transactionalId()
                + "' (same checkpoint file?); stopping this one"
                : "cannot ship to " + config.topic() + ": " + e.getMessage();
        return new IllegalStateException(why, e);
    }

    /** Resolves a pending transaction into a plain committed position. */
    private static Checkpoint settle(Checkpoint cp, ShipperConfig config) {
        Checkpoint.Pending pending = cp.pending();
        if (pending == null) {
            return cp;
        }
        Duration timeout = config.connectTimeout().plus(transactionTimeout(config));
        InDoubtTransaction.Outcome outcome = InDoubtTransaction.resolve(pending, config.bootstrapServers(),
                config.kafkaProperties(), timeout);
        switch (outcome) {
            case COMMITTED -> {
                LOG.info("The last transaction before the restart committed (record {}-{}@{}); resuming after it",
                        pending.topic(), pending.partition(), pending.offset());
                return cp.withCommitted(pending.position());
            }
            case ABORTED -> {
                LOG.info("The last transaction before the restart was aborted (record {}-{}@{}); shipping its "
                        + "entries again", pending.topic(), pending.partition(), pending.offset());
                return cp.withCommitted(cp.committed());
            }
            default -> {
                LOG.warn("Cannot tell whether the last transaction before the restart committed: record {}-{}@{} is "
                        + "gone (retention?) or not the one sent; shipping its entries again, which may duplicate them",
                        pending.topic(), pending.partition(), pending.offset());
                return cp.withCommitted(cp.committed());
            }
        }
    }

    private static Duration transactionTimeout(ShipperConfig config) {
        String v = config.kafkaProperties().get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        return Duration.ofMillis(v != null ? Long.parseLong(v.trim()) : 60_000L);
    }

    private static Map<String, Object> producerProps(ShipperConfig config, String transactionalId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        props.putAll(config.kafkaProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /** Fails fast, in one line, when the broker cannot be reached or the topic does not exist. */
    private static void checkBroker(ShipperConfig config) {
        Map<String, Object> props = new HashMap<>(config.kafkaProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        int timeoutMs = (int) config.connectTimeout().toMillis();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        try (Admin admin = Admin.create(props)) {
            try {
                admin.describeCluster().clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot reach Kafka at " + config.bootstrapServers() + " within "
                        + config.connectTimeout().toSeconds() + "s");
            }
            try {
                admin.describeTopics(List.of(config.topic())).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw new IllegalStateException("topic " + config.topic() + " does not exist at "
                            + config.bootstrapServers() + " (gatewatch run creates the input topics)");
                }
                throw new IllegalStateException("cannot describe topic " + config.topic() + ": "
                        + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("cannot reach Kafka at " + config.bootstrapServers() + " within "
                        + config.connectTimeout().toSeconds() + "s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to " + config.bootstrapServers(), e);
        }
    }
}
