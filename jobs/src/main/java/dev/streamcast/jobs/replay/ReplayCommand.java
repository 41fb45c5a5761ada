package dev.streamcast.jobs.replay;

import dev.streamcast.jobs.cli.Action;
import dev.streamcast.jobs.cli.Command;
import dev.streamcast.jobs.cli.ExitStatus;
import dev.streamcast.jobs.common.CommandLine;
import dev.streamcast.jobs.common.OptionValues;
import dev.streamcast.jobs.data.BadInputException;
import dev.streamcast.jobs.data.LongCsv;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code streamcast replay --input FILE.csv [options]}: streams a long-format CSV into the observations topic as the
 * forecast job's JSON records, keyed by series, in timestamp order across keys (file order among equal timestamps),
 * at {@code --speed} rows per second. With {@code --dry-run} it prints each record as {@code key|json} instead. The
 * compose replayer (docker/replay.sh) runs this command.
 */
public final class ReplayCommand {
    private ReplayCommand() {}

    /** Options in help order: name, default ("" = none), description. */
    static final String[][] OPTIONS = {
        {"input", "", "long-format CSV file key,timestamp,<value columns> (required)"},
        {"bootstrap-servers", "localhost:9092", "Kafka bootstrap servers"},
        {"observations-topic", "observations", "topic the records are written to"},
        {"speed", "20", "rows per second; 0 = as fast as the producer allows"},
        {"dry-run", "false", "print key|record lines on stdout instead of producing them"}
    };

    /** The {@code replay} entry of the command line. */
    public static Command command() {
        return new Command() {
            @Override
            public String summary() {
                return "stream a CSV file into the observations topic in time order (what docker/replay.sh runs)";
            }

            @Override
            public String help() {
                StringBuilder b = new StringBuilder();
                for (String[] o : OPTIONS) {
                    String name = "--" + o[0] + (o[0].equals("dry-run") ? "" : " V");
                    b.append(String.format(
                            "  %-26s %s%s%n", name, o[2], o[1].isEmpty() ? "" : " (default " + o[1] + ")"));
                }
                return b.toString();
            }

            @Override
            public Action prepare(String[] args) {
                Map<String, String> defaults = new LinkedHashMap<>();
                for (String[] o : OPTIONS) {
                    defaults.put(o[0], o[1]);
                }
                OptionValues v = new OptionValues(CommandLine.parse(args, defaults, Set.of("dry-run")));
                Path input = Path.of(v.required("input"));
                String bootstrap = v.required("bootstrap-servers");
                String topic = v.required("observations-topic");
                double speed = v.number("speed");
                if (!(speed >= 0) || Double.isInfinite(speed)) {
                    throw new IllegalArgumentException("--speed must be a number >= 0, found " + speed);
                }
                boolean dryRun = v.flag("dry-run");
                return () -> run(input, bootstrap, topic, speed, dryRun, System.out, System.err);
            }
        };
    }

    /** Reads the file and replays it; a file that cannot be used is one line on {@code err} and exit status 1. */
    static int run(
            Path input, String bootstrap, String topic, double speed, boolean dryRun, PrintStream out, PrintStream err)
            throws InterruptedException {
        LongCsv.Table table;
        try {
            table = LongCsv.read(input);
        } catch (IOException e) {
            err.println("replay: cannot read " + input + ": " + e);
            return ExitStatus.FAILED;
        } catch (BadInputException | IllegalArgumentException e) {
            err.println("replay: " + e.getMessage()); // names the file and the line (LongCsv)
            return ExitStatus.FAILED;
        }
        for (LongCsv.BadRow bad : table.bad()) {
            err.println("replay: skipping line " + bad.line() + ": " + bad.reason());
        }
        List<LongCsv.Row> rows = Replayer.inTimeOrder(table);
        if (rows.isEmpty()) {
            err.println("replay: " + input + ": no usable row");
            return ExitStatus.FAILED;
        }
        Replayer replayer = new Replayer();
        if (dryRun) {
            for (LongCsv.Row row : rows) {
                out.println(row.key() + "|"
                        + new String(replayer.toJson(row, table.valueColumns()), StandardCharsets.UTF_8));
            }
            return ExitStatus.OK;
        }
        out.printf(
                "replaying %d rows of %s into %s at %s rows/s%n",
                rows.size(), input, topic, speed > 0 ? String.valueOf(speed) : "full speed");
        replayer.replay(bootstrap, topic, rows, table.valueColumns(), speed, n -> {});
        out.printf("sent %d records%n", rows.size());
        return ExitStatus.OK;
    }
}
