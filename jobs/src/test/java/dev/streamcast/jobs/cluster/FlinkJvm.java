package dev.streamcast.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts a Flink process the way {@code jobmanager.sh}/{@code taskmanager.sh} do: memory flags and dynamic options
 * computed by {@code BashJavaUtils} from the configuration, the module flags of Flink's default
 * {@code env.java.opts.all}, {@code -Dlog.file} for log4j, and {@code --configDir}.
 */
final class FlinkJvm {
    private FlinkJvm() {}

    static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";

    /** The {@code --add-exports}/{@code --add-opens} list of Flink 2.x's default {@code env.java.opts.all}. */
    static final List<String> JAVA_OPTS_ALL = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /**
     * Runs BashJavaUtils as Flink's scripts do ({@code GET_JM_RESOURCE_PARAMS} or {@code GET_TM_RESOURCE_PARAMS}):
     * its first result line holds the JVM flags, its second the entry point's dynamic {@code -D} options; returned
     * in that order, separated by "--".
     */
    static List<String> resourceParams(String command, String classpath, Path dir) {
        try {
            Process p = new ProcessBuilder(
                            JAVA,
                            "-cp",
                            classpath,
                            "org.apache.flink.runtime.util.bash.BashJavaUtils",
                            command,
                            "--configDir",
                            dir.resolve("conf").toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            List<String> results = out.lines()
                    .filter(l -> l.startsWith(RESULT))
                    .map(l -> l.substring(RESULT.length()))
                    .toList();
            if (p.waitFor() != 0 || results.size() != 2) {
                throw new IllegalStateException("BashJavaUtils " + command + " failed:\n" + out);
            }
            List<String> args =
                    new ArrayList<>(Arrays.asList(results.get(0).trim().split("\\s+")));
            args.add("--"); // separates JVM flags from the entry point's dynamic options
            args.addAll(Arrays.asList(results.get(1).trim().split("\\s+")));
            return args;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code mainClass} with output to {@code logs/<name>.out} and its log to {@code logs/<name>.log}. */
    static Process launch(String name, String mainClass, List<String> params, String classpath, Path dir)
            throws IOException {
        int split = params.indexOf("--");
        List<String> cmd = new ArrayList<>(List.of(JAVA));
        cmd.addAll(params.subList(0, split));
        cmd.addAll(JAVA_OPTS_ALL);
        Path logs = dir.resolve("logs");
        cmd.addAll(List.of(
                "-Dlog.file=" + logs.resolve(name + ".log"),
                "-Dlog4j.configurationFile="
                        + dir.resolve("conf/log4j.properties").toUri(),
                "-cp",
                classpath,
                mainClass,
                "--configDir",
                dir.resolve("conf").toString()));
        cmd.addAll(params.subList(split + 1, params.size()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".out").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }
}
