package dev.streamcast.jobs.forecast;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in one line when Kafka cannot be reached, and in one more when it can again, instead of the Kafka clients'
 * own warning per connection attempt and client (427 WARN lines in 45 s with the job's six clients). A daemon thread
 * of the process that starts the job asks the cluster for its nodes, waiting {@link #PROBE_TIMEOUT} each time, every
 * {@link #PERIOD} while reachable and with a backoff doubling up to {@link KafkaEndpoints#RECONNECT_BACKOFF_MAX_MS}
 * while not. The job's own clients retry with that backoff too ({@link KafkaEndpoints}); the shipped log4j2.properties
 * keeps their per-attempt {@code NetworkClient} warnings out of the log.
 */
public final class KafkaReachability implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaReachability.class);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration PERIOD = Duration.ofSeconds(30);

    private final String bootstrapServers;

    private KafkaReachability(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts watching {@code bootstrapServers} on a daemon thread. */
    public static Thread watch(String bootstrapServers) {
        Thread t = new Thread(new KafkaReachability(bootstrapServers), "kafka-reachability");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        long backoff = KafkaEndpoints.RECONNECT_BACKOFF_MS;
        boolean reachable = true; // until shown otherwise: only a change of state is logged
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG,
                KafkaEndpoints.RECONNECT_BACKOFF_MS,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                KafkaEndpoints.RECONNECT_BACKOFF_MAX_MS,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "streamcast-reachability"))) {
            while (!Thread.currentThread().isInterrupted()) {
                String failure = probe(admin);
                if (failure != null && reachable) {
                    LOG.warn(
                            "Kafka unreachable at {} ({}); the job keeps running and its clients retry with backoff up "
                                    + "to {} ms; this is logged again when Kafka answers",
                            bootstrapServers,
                            failure,
                            KafkaEndpoints.RECONNECT_BACKOFF_MAX_MS);
                } else if (failure == null && !reachable) {
                    LOG.info("Kafka reachable again at {}", bootstrapServers);
                }
                reachable = failure == null;
                backoff =
                        reachable ? PERIOD.toMillis() : Math.min(backoff * 2, KafkaEndpoints.RECONNECT_BACKOFF_MAX_MS);
                Thread.sleep(backoff);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Kafka reachability watch stopped: {}", e.toString());
        }
    }

    /** Null if the cluster answered within the timeout, else what went wrong. */
    private static String probe(Admin admin) throws InterruptedException {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                    .nodes()
                    .get(PROBE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return "no answer within " + PROBE_TIMEOUT.toSeconds() + " s: "
                    + e.getCause().getClass().getSimpleName();
        } catch (TimeoutException e) {
            return "no answer within " + PROBE_TIMEOUT.toSeconds() + " s";
        }
    }
}
