package dev.streamcast.bench;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.Observation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.CheckpointType;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.CheckpointStorageLocationReference;
import org.apache.flink.runtime.state.filesystem.FsCheckpointStreamFactory;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFinalizer;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * Checkpoints taken while the rounds run ({@code -DcheckpointEvery=E}: one every E events, to local files under
 * {@code -DcheckpointDir}, a fresh temporary directory by default), split as Flink's task splits them: the
 * synchronous part (for RocksDB with {@code -Dincremental=true}, the native checkpoint: memtables flushed, files
 * linked) runs on the operator's thread and counts in its rounds; the asynchronous part (writing the files to
 * checkpoint storage) runs on a thread of its own, as in a TaskManager, and the checkpoint is confirmed to the
 * operator (incremental checkpoints then reuse its files) on the operator's thread once it has finished. A checkpoint
 * due while the previous one is still being written is taken when that one has finished, as with Flink's one
 * concurrent checkpoint; the operator does not wait. Each checkpoint prints its parts' durations and sizes.
 */
final class RunningCheckpoints implements AutoCloseable {
    private final long every;
    private long untilDue;
    private final KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> h;
    private final FsCheckpointStreamFactory storage;
    private final ExecutorService async = Executors.newSingleThreadExecutor(r -> new Thread(r, "checkpoint-async"));
    private Future<OperatorSubtaskState> pending;
    private long pendingId;
    private long id;

    private RunningCheckpoints(
            KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> h, long every, Path dir)
            throws Exception {
        this.h = h;
        this.every = every;
        this.untilDue = every;
        var base = new org.apache.flink.core.fs.Path(dir.toUri());
        var shared = new org.apache.flink.core.fs.Path(dir.resolve("shared").toUri());
        Files.createDirectories(dir.resolve("shared"));
        this.storage = new FsCheckpointStreamFactory(FileSystem.getLocalFileSystem(), base, shared, 20_480, 4096);
    }

    /** Null without {@code -DcheckpointEvery}. */
    static RunningCheckpoints fromProperties(KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> h)
            throws Exception {
        long every = Long.getLong("checkpointEvery", 0);
        if (every <= 0) {
            return null;
        }
        String dir = System.getProperty("checkpointDir");
        return new RunningCheckpoints(
                h, every, dir != null ? Path.of(dir) : Files.createTempDirectory("streamcast-running-checkpoints"));
    }

    /**
     * Called once per event: when a checkpoint is due and the previous one has finished (Flink triggers the next one
     * only then), confirms the previous one and takes the next: the synchronous part here, the rest handed on.
     */
    void tick() throws Exception {
        if (--untilDue > 0 || (pending != null && !pending.isDone())) {
            return;
        }
        finishPending();
        untilDue = every;
        long c = ++id;
        long start = System.nanoTime();
        OperatorSnapshotFutures futures = h.getOperator()
                .snapshotState(
                        c,
                        c,
                        new CheckpointOptions(
                                CheckpointType.CHECKPOINT, CheckpointStorageLocationReference.getDefault()),
                        storage);
        double syncS = (System.nanoTime() - start) / 1e9;
        pendingId = c;
        pending = async.submit(() -> {
            long t = System.nanoTime();
            OperatorSubtaskState state =
                    OperatorSnapshotFinalizer.create(futures).getJobManagerOwnedState();
            System.out.printf(
                    "RUNNING CHECKPOINT %d: synchronous part %.3f s on the operator's thread, asynchronous part"
                            + " %.2f s, full size %,d bytes, new %,d bytes%n",
                    c, syncS, (System.nanoTime() - t) / 1e9, state.getStateSize(), state.getCheckpointedSize());
            return state;
        });
    }

    private void finishPending() throws Exception {
        if (pending != null) {
            pending.get();
            h.notifyOfCompletedCheckpoint(pendingId);
            pending = null;
        }
    }

    @Override
    public void close() throws Exception {
        finishPending();
        async.shutdown();
    }
}
