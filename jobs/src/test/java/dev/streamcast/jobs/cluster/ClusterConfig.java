package dev.streamcast.jobs.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a standalone cluster's {@code conf/config.yaml} and {@code conf/log4j.properties}. */
final class ClusterConfig {
    private ClusterConfig() {}

    static final String CHECKPOINTS = "checkpoints";
    static final String SAVEPOINTS = "savepoints";

    /**
     * Everything on localhost, on free ports. Memory fits a 2-core CI box next to the test JVM and a Kafka broker:
     * JobManager 1024m (heap ~448m: it runs the job's main() on REST submission), TaskManager 1200m with 128m of
     * managed memory (the hashmap backend needs none; RocksDB would use it), which leaves ~290m of task heap.
     * {@code overrides} replace or add settings (a benchmark's larger TaskManagers, RocksDB, incremental checkpoints).
     */
    static void write(Path dir, int restPort, int rpcPort, int blobPort, int slots, Map<String, String> overrides)
            throws IOException {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("tmp"));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("jobmanager.rpc.address", "localhost");
        settings.put("jobmanager.rpc.port", String.valueOf(rpcPort));
        settings.put("jobmanager.bind-host", "localhost");
        settings.put("taskmanager.bind-host", "localhost");
        settings.put("taskmanager.host", "localhost");
        settings.put("rest.address", "localhost");
        settings.put("rest.bind-address", "localhost");
        settings.put("rest.port", String.valueOf(restPort));
        settings.put("blob.server.port", String.valueOf(blobPort));
        settings.put("taskmanager.rpc.port", "0");
        settings.put("taskmanager.data.port", "0");
        settings.put("taskmanager.numberOfTaskSlots", String.valueOf(slots));
        settings.put("parallelism.default", "1");
        settings.put("jobmanager.memory.process.size", "1024m");
        settings.put("taskmanager.memory.process.size", "1200m");
        settings.put("taskmanager.memory.managed.size", "128m");
        settings.put(
                "execution.checkpointing.dir", dir.resolve(CHECKPOINTS).toUri().toString());
        settings.put(
                "execution.checkpointing.savepoint-dir",
                dir.resolve(SAVEPOINTS).toUri().toString());
        settings.put("io.tmp.dirs", dir.resolve("tmp").toString());
        settings.put("web.upload.dir", dir.resolve("tmp").toString());
        settings.put("web.submit.enable", "true");
        settings.put("web.cancel.enable", "true");
        // Main.main() calls System.exit(2) on a bad option; run by the JobManager (REST submission), that would end
        // the JobManager. With THROW, Flink turns it into an exception and a 400 answer.
        settings.put("cluster.intercept-user-system-exit", "THROW");
        settings.putAll(overrides);
        String yaml = settings.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue() + "\n")
                .collect(Collectors.joining());
        Files.writeString(conf.resolve("config.yaml"), yaml);
        Files.writeString(
                conf.resolve("log4j.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = MainAppender",
                        "appender.main.name = MainAppender",
                        "appender.main.type = File",
                        "appender.main.append = true",
                        "appender.main.fileName = ${sys:log.file}",
                        "appender.main.layout.type = PatternLayout",
                        "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-50c{1.} [%t] - %m%n",
                        "logger.kafka.name = org.apache.kafka",
                        "logger.kafka.level = WARN",
                        ""));
    }
}
