package dev.streamcast.jobs.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a standalone cluster's {@code conf/config.yaml} and {@code conf/log4j.properties}. */
final class ClusterConfig {
    private ClusterConfig() {}

    static final String CHECKPOINTS = "checkpoints";
    static final String SAVEPOINTS = "savepoints";

    /**
     * Everything on localhost, on free ports. Memory fits a 2-core CI box next to the test JVM and a Kafka broker:
     * JobManager 1024m (heap ~448m: it runs the job's main() on REST submission), TaskManager 1200m with 128m of
     * managed memory (the hashmap backend needs none; RocksDB would use it), which leaves ~290m of task heap.
     */
    static void write(Path dir, int restPort, int rpcPort, int blobPort, int slots) throws IOException {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("tmp"));
        String yaml = String.join(
                "\n",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.host: localhost",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + restPort,
                "blob.server.port: " + blobPort,
                "taskmanager.rpc.port: 0",
                "taskmanager.data.port: 0",
                "taskmanager.numberOfTaskSlots: " + slots,
                "parallelism.default: 1",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.memory.process.size: 1200m",
                "taskmanager.memory.managed.size: 128m",
                "execution.checkpointing.dir: " + dir.resolve(CHECKPOINTS).toUri(),
                "execution.checkpointing.savepoint-dir: "
                        + dir.resolve(SAVEPOINTS).toUri(),
                "io.tmp.dirs: " + dir.resolve("tmp"),
                "web.upload.dir: " + dir.resolve("tmp"),
                "web.submit.enable: true",
                "web.cancel.enable: true",
                // Main.main() calls System.exit(2) on a bad option; run by the JobManager (REST submission), that
                // would end the JobManager. With THROW, Flink turns it into an exception and a 400 answer.
                "cluster.intercept-user-system-exit: THROW",
                "");
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
