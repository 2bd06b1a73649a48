package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FirstFetchClockTest {

    private static final String ID = "first-fetch-clock-test";

    @AfterEach
    void unregister() {
        FirstFetchClock.unregister(ID);
    }

    @Test
    void theMarkIsTakenOnceWhenRecordsFirstArrive() {
        AtomicInteger calls = new AtomicInteger();
        FirstFetchClock.Mark<Integer> mark = FirstFetchClock.register(ID, calls::incrementAndGet);
        FirstFetchClock clock = new FirstFetchClock();
        clock.configure(Map.of(FirstFetchClock.CONFIG, ID));

        clock.onConsume(ConsumerRecords.empty());
        assertThat(mark.nanos()).isZero();
        assertThat(mark.taken()).isNull();

        long before = System.nanoTime();
        clock.onConsume(records(2));
        long first = mark.nanos();
        assertThat(first).isGreaterThanOrEqualTo(before);
        assertThat(mark.taken()).isEqualTo(1);

        clock.onConsume(records(3));
        assertThat(mark.nanos()).isEqualTo(first);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aConsumerOfAnotherApplicationLeavesTheMarkAlone() {
        FirstFetchClock.Mark<Integer> mark = FirstFetchClock.register(ID, () -> 1);
        FirstFetchClock other = new FirstFetchClock();
        other.configure(Map.of(FirstFetchClock.CONFIG, ID + "-other"));
        FirstFetchClock none = new FirstFetchClock();
        none.configure(Map.of());

        assertThat(other.onConsume(records(1)).count()).isEqualTo(1);
        none.onConsume(records(1));

        assertThat(mark.nanos()).isZero();
        assertThatThrownBy(() -> FirstFetchClock.register(ID, () -> 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ID);
    }

    private static ConsumerRecords<byte[], byte[]> records(int n) {
        TopicPartition tp = new TopicPartition("gatewatch.logs", 0);
        List<ConsumerRecord<byte[], byte[]>> list = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new ConsumerRecord<>(tp.topic(), tp.partition(), i, new byte[0], new byte[] {1}));
        }
        return new ConsumerRecords<>(Map.of(tp, list), Map.of());
    }
}
