package io.gatewatch.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void picksDistinctPortsThatCanBeBound() throws IOException {
        List<Integer> ports = FreePorts.pick(3);

        assertThat(ports).doesNotHaveDuplicates().allSatisfy(port -> assertThat(port).isBetween(1, 65_535));
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(EmbeddedKafka.HOST), port));
                assertThat(socket.getLocalPort()).isEqualTo(port);
                assertThat(FreePorts.isFree(port)).isFalse();
            }
            assertThat(FreePorts.isFree(port)).isTrue();
        }
    }
}
