package dev.streamcast.jobs.backtest;

import com.sun.management.OperatingSystemMXBean;
import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Forecast;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Hands the replay's outputs back to the backtest in this process: each subtask appends its {@link BacktestOutput}s to
 * its own file {@code part-<subtask>-<attempt>} in a directory (a compact binary form, flushed on every checkpoint
 * or savepoint and at the end), and {@link #readAll} reads them back. Faster and simpler than collecting through
 * the JobManager, and it survives a stop-with-savepoint.
 *
 * <p>Record layout (DataOutput, big-endian): UTF key, long ts, double forecast, long modelVersion, long line, UTF
 * reason, int L (the forecast's number of interval levels with bounds, 0 when none) and L pairs of doubles (lower,
 * upper).
 */
final class OutputFileSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    /** Writes one record in the layout above. */
    @FunctionalInterface
    interface Encoder<T> extends Serializable {
        void write(T record, DataOutputStream out) throws IOException;
    }

    /** A forecast: the key's next value forecast at the observation (key, ts). */
    static final Encoder<Forecast> FORECASTS = (f, out) -> {
        record(out, f.key, f.ts, f.forecast, f.modelVersion, -1, "");
        int levels = f.lower == null ? 0 : f.lower.length;
        out.writeInt(levels);
        for (int i = 0; i < levels; i++) {
            out.writeDouble(f.lower[i]);
            out.writeDouble(f.upper[i]);
        }
        int steps = f.path == null ? 0 : f.path.length;
        out.writeInt(steps);
        for (int h = 0; h < steps; h++) {
            out.writeDouble(f.path[h]);
        }
    };

    /** A dead letter: the observation's CSV line (its source offset) and why. */
    static final Encoder<BadRecord> DEAD_LETTERS = (b, out) -> {
        record(out, b.key, -1, Double.NaN, 0, b.offset, b.reason + ": " + b.detail);
        out.writeInt(0);
        out.writeInt(0);
    };

    private final String dir;
    private final String gateId;
    private final Encoder<T> encoder;

    /** @param gateId the {@link RetrainGate} whose output count to advance, or null */
    OutputFileSink(Path dir, String gateId, Encoder<T> encoder) {
        this.dir = dir.toAbsolutePath().toString();
        this.gateId = gateId;
        this.encoder = encoder;
    }

    private static void record(
            DataOutputStream out, String key, long ts, double forecast, long version, long line, String reason)
            throws IOException {
        out.writeUTF(key == null ? "" : key);
        out.writeLong(ts);
        out.writeDouble(forecast);
        out.writeLong(version);
        out.writeLong(line);
        out.writeUTF(reason);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Path file = Path.of(
                dir,
                "part-" + context.getTaskInfo().getIndexOfThisSubtask() + "-"
                        + context.getTaskInfo().getAttemptNumber() + "-" + System.nanoTime());
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        RetrainGate gate = RetrainGate.get(gateId);
        return new SinkWriter<>() {
            private long first;
            private long firstCpu;
            private long count;

            @Override
            public void write(T o, Context ctx) throws IOException {
                if (count++ == 0) {
                    first = System.nanoTime();
                    firstCpu = processCpuNanos();
                }
                encoder.write(o, out);
                if (gate != null) {
                    gate.outputs.incrementAndGet();
                }
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
                if (count > 1) {
                    // the replay's own rate: first to last output of this subtask (job start-up excluded)
                    double s = (System.nanoTime() - first) / 1e9;
                    double cpu = (processCpuNanos() - firstCpu) / 1e9;
                    System.out.printf(
                            "  replay subtask %d: %d outputs in %.3f s (%.0f outputs/s); process CPU "
                                    + "%.3f s (%.0f outputs per CPU-second)%n",
                            subtask, count, s, count / s, cpu, count / cpu);
                }
            }
        };
    }

    /** CPU time of this whole process (every thread), or 0 if the JVM does not tell. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0L;
    }

    /** Every record written into {@code dir} so far, appended to {@code into}. */
    static void readAll(Path dir, List<BacktestOutput> into) throws IOException {
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "part-*")) {
            for (Path p : parts) {
                try (DataInputStream in =
                        new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16))) {
                    while (true) {
                        BacktestOutput o = new BacktestOutput();
                        try {
                            o.key = in.readUTF();
                        } catch (EOFException e) {
                            break;
                        }
                        o.ts = in.readLong();
                        o.forecast = in.readDouble();
                        o.modelVersion = in.readLong();
                        o.line = in.readLong();
                        o.reason = in.readUTF();
                        int levels = in.readInt();
                        if (levels > 0) {
                            o.lower = new double[levels];
                            o.upper = new double[levels];
                            for (int i = 0; i < levels; i++) {
                                o.lower[i] = in.readDouble();
                                o.upper[i] = in.readDouble();
                            }
                        }
                        int steps = in.readInt();
                        if (steps > 0) {
                            o.path = new double[steps];
                            for (int h = 0; h < steps; h++) {
                                o.path[h] = in.readDouble();
                            }
                        }
                        into.add(o);
                    }
                }
            }
        }
    }
}
