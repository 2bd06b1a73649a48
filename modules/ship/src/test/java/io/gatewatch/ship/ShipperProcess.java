package io.gatewatch.ship;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A shipper in its own JVM, for tests that kill it. Arguments: file checkpoint bootstrap topic
 * maxBatchEntries mode(once|follow) [haltAt STAGE:N]. With haltAt the JVM halts (no shutdown hooks,
 * no finally blocks, no producer close: what kill -9 does) when transaction N reaches STAGE.
 */
public final class ShipperProcess {

    public static final int HALT_STATUS = 137;

    private ShipperProcess() {
    }

    public static void main(String[] args) throws Exception {
        ShipperConfig config = ShipperConfig.builder().file(Path.of(args[0])).checkpoint(Path.of(args[1]))
                .bootstrapServers(args[2]).topic(args[3]).maxBatchEntries(Integer.parseInt(args[4]))
                .source("nginx-access").site("shop.example.test").host("web-1")
                .pollInterval(Duration.ofMillis(20)).build();
        boolean once = args[5].equals("once");
        Shipper.Hooks hooks = Shipper.Hooks.NONE;
        if (args.length > 6) {
            String[] at = args[6].split(":");
            Shipper.Stage stage = Shipper.Stage.valueOf(at[0]);
            int transaction = Integer.parseInt(at[1]);
            hooks = (s, n) -> {
                if (s == stage && n == transaction) {
                    System.out.println("halting at " + s + " of transaction " + n);
                    System.out.flush();
                    Runtime.getRuntime().halt(HALT_STATUS);
                }
            };
        }
        Shipper shipper = Shipper.open(config, hooks, once);
        System.out.println("shipper started");
        System.out.flush();
        if (once) {
            shipper.runOnce();
        } else {
            shipper.run();
        }
        shipper.close();
        System.out.println("shipper done: " + shipper.entriesShipped() + " entries");
    }
}
