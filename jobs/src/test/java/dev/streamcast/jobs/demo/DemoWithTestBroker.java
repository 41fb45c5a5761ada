package dev.streamcast.jobs.demo;

import java.nio.file.Files;

/** TEMPORARY: runs the demo from the test classpath with the test broker, until EmbeddedKafka lands on main. */
final class DemoWithTestBroker {
    public static void main(String[] args) throws Exception {
        var dir = Files.createTempDirectory("streamcast-testbroker-");
        var o = DemoCommand.execute(args, System.out, System.err, () -> TestBroker.start(dir), true);
        System.exit(o.exitCode());
    }
}
