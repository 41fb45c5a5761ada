package dev.streamcast.jobs.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM, for tests and the
 * local demo: no Docker, no ZooKeeper. It listens on free localhost ports, keeps its logs in a temporary directory
 * that {@link #close()} deletes, and formats that directory with a random cluster id before starting.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Properties props;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dir, int port, Properties props, KafkaRaftServer server) {
        this.dir = dir;
        this.port = port;
        this.props = props;
        this.server = server;
    }

    /** Formats storage and starts a broker; returns once it accepts connections. */
    public static EmbeddedKafka start() throws IOException {
        Path dir = Files.createTempDirectory("streamcast-kafka-");
        try {
            int[] ports = freePorts(2);
            int port = ports[0];
            int controllerPort = ports[1];
            Properties props = properties(dir, port, controllerPort);
            Path file = dir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(file)) {
                props.store(w, "streamcast embedded broker");
            }
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            int rc = StorageTool.execute(
                    new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()},
                    new PrintStream(log, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("formatting Kafka storage failed (" + rc + "): " + log);
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            return new EmbeddedKafka(dir, port, props, server);
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /**
     * The settings of a single combined broker and controller node on localhost (STACK.md), data under {@code dir}:
     * shared by this in-process broker and the benchmarks' broker in its own JVM.
     */
    public static Properties properties(Path dir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    /**
     * {@code n} distinct free localhost ports. The sockets are held open until all are chosen: asked one at a time,
     * the system may hand out the same port twice (the broker then refuses its listeners).
     */
    public static int[] freePorts(int n) throws IOException {
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0);
                sockets[i].setReuseAddress(true);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    /** {@code localhost:<port>}, for producers, consumers and Flink's Kafka connector. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** The broker's temporary directory (deleted by {@link #close()}). */
    public Path directory() {
        return dir;
    }

    /** Creates a topic (replication factor 1) and waits until it exists; compacted topics keep the last per key. */
    public void createTopic(String name, int partitions, boolean compacted) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1);
        if (compacted) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(topic)).all().get();
            awaitLeaders(admin, name, partitions);
        } catch (ExecutionException e) {
            throw new IllegalStateException("creating topic '" + name + "' failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic '" + name + "'", e);
        }
    }

    /**
     * Waits until the broker's metadata lists the topic with a leader for each partition: the controller acknowledges
     * a creation before the broker has applied it, and a loaded machine showed the gap (a topic not yet listed).
     */
    private static void awaitLeaders(Admin admin, String name, int partitions)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                var description = admin.describeTopics(List.of(name))
                        .allTopicNames()
                        .get()
                        .get(name);
                if (description.partitions().size() == partitions
                        && description.partitions().stream().allMatch(p -> p.leader() != null)
                        && admin.listTopics().names().get().contains(name)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic '" + name + "' has no leader for every partition after 60 s");
            }
            Thread.sleep(50);
        }
    }

    /** Stops the broker and waits for it, keeping its data: {@link #restart()} brings it back (a fault in tests). */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts a stopped broker again on the same ports and data directory. */
    public synchronized void restart() {
        if (server == null) {
            KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            s.startup();
            server = s;
        }
    }

    /** Stops the broker, waits for it, and deletes its directory. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
