package dev.streamcast.jobs.cluster;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The classpath of a Flink "distribution" made from the jars on the test classpath: what the official image's
 * {@code lib/} holds (flink-dist's modules and their third-party dependencies, log4j) and nothing of ours.
 *
 * <p>This is an allow-list on purpose: the job jar submitted to the cluster must bring everything else itself (the
 * Kafka connector and client, Jackson, the model classes). Flink loads {@code org.apache.flink.*} parent-first, so a
 * connector class left on this classpath would hide a connector missing from the job jar.
 */
public final class FlinkDistClasspath {
    private FlinkDistClasspath() {}

    /** Maven repository path fragments of the jars a Flink distribution ships. */
    private static final List<String> ALLOWED = List.of(
            "/org/apache/flink/",
            "/org/apache/commons/",
            "/commons-cli/",
            "/commons-io/",
            "/commons-collections/",
            "/com/esotericsoftware/",
            "/org/objenesis/",
            "/org/snakeyaml/",
            "/com/ververica/",
            "/org/xerial/snappy/",
            "/at/yawk/lz4/",
            "/org/javassist/",
            "/tools/profiler/",
            "/com/google/code/findbugs/",
            "/org/slf4j/",
            "/org/apache/logging/log4j/");

    /** Flink modules a user job brings itself, and test-only artifacts. */
    private static final List<String> DENIED = List.of(
            "/flink-connector-kafka/",
            "/flink-test-utils",
            "/flink-table-",
            "-tests.jar",
            "/log4j-slf4j-impl/" /* the slf4j 1 binding; the distribution uses slf4j 2's */);

    /** The entries of {@code java.class.path} that a Flink distribution would have. */
    static String fromTestClasspath() {
        return filter(System.getProperty("java.class.path"));
    }

    /**
     * The entries of {@code classpath} (jars of a Maven repository, e.g. a module's dependency classpath written by
     * {@code dependency:build-classpath}) that a Flink distribution would have.
     */
    public static String filter(String classpath) {
        String cp = Arrays.stream(classpath.split(File.pathSeparator))
                .filter(e -> e.endsWith(".jar"))
                .filter(e -> ALLOWED.stream().anyMatch(e.replace('\\', '/')::contains))
                .filter(e -> DENIED.stream().noneMatch(e.replace('\\', '/')::contains))
                .collect(Collectors.joining(File.pathSeparator));
        if (!cp.contains("flink-runtime-web") || !cp.contains("flink-clients")) {
            throw new IllegalStateException(
                    "the test classpath lacks flink-runtime-web or flink-clients: " + classpath);
        }
        return cp;
    }
}
