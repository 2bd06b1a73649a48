package io.gatewatch.bench.load;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Marks when an application's main consumers first return records: where processing starts. Kafka Streams
 * processes before the client reports RUNNING (a thread that has its tasks runs them while the others still
 * rebalance; half the input of a fast topology, in one run), so a phase's rate from its first fetch, start-up
 * rebalances included, is timed from here ({@link RateWindow} times the steady rate after RUNNING). Installed as
 * the main consumer's interceptor; the application's instances find their {@link Mark} by {@link #CONFIG}.
 */
public final class FirstFetchClock implements ConsumerInterceptor<byte[], byte[]> {

    /** Consumer config naming the mark; set with Kafka Streams' {@code main.consumer.} prefix. */
    static final String CONFIG = "gatewatch.bench.first-fetch-clock";

    private static final Map<String, Mark<?>> MARKS = new ConcurrentHashMap<>();

    private Mark<?> mark;

    /** A mark for {@code id}, which takes {@code atStart} when the first records arrive. */
    static <T> Mark<T> register(String id, Supplier<T> atStart) {
        Mark<T> m = new Mark<>(Objects.requireNonNull(atStart, "atStart"));
        if (MARKS.putIfAbsent(Objects.requireNonNull(id, "id"), m) != null) {
            throw new IllegalStateException("a first-fetch clock for " + id + " is already running");
        }
        return m;
    }

    static void unregister(String id) {
        MARKS.remove(id);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object id = configs.get(CONFIG);
        mark = id == null ? null : MARKS.get(id.toString());
    }

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
        if (mark != null && !records.isEmpty()) {
            mark.hit();
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }

    /** When records first arrived, and what {@code atStart} said then. */
    static final class Mark<T> {
        private final Supplier<T> atStart;
        private final AtomicBoolean hit = new AtomicBoolean();
        private final AtomicReference<T> taken = new AtomicReference<>();
        private volatile long nanos;

        private Mark(Supplier<T> atStart) {
            this.atStart = atStart;
        }

        private void hit() {
            if (hit.compareAndSet(false, true)) {
                nanos = System.nanoTime();
                taken.set(atStart.get());
            }
        }

        /** System.nanoTime of the first records; 0 while none arrived. */
        long nanos() {
            return nanos;
        }

        /** What the supplier returned at the first records; null while none arrived. */
        T taken() {
            return taken.get();
        }
    }
}
