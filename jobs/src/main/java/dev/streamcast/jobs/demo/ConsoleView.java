package dev.streamcast.jobs.demo;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The demo's console: on a terminal a compact view redrawn in place (ANSI), otherwise (or headless) plain lines — a
 * totals line every {@link #PLAIN_EVERY_MS} and each event as it happens.
 */
final class ConsoleView {
    static final long PLAIN_EVERY_MS = 2_000;
    static final long FRAME_EVERY_MS = 1_000;
    private static final int EVENTS_SHOWN = 4;

    private final PrintStream out;
    private final boolean ansi;
    private final Deque<String> events = new ArrayDeque<>();
    private long lastPlain;
    private long lastFrame;
    private boolean drawn;

    /** What the view shows besides the key boards. */
    record Status(
            String title,
            long sent,
            long total,
            long liveFrom,
            long forecasts,
            long deadLetters,
            long modelVersion,
            long swaps,
            int retrains,
            int published,
            long restarts,
            long repeated,
            double seconds) {}

    ConsoleView(PrintStream out, boolean ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    /** An event line: printed at once in plain mode, kept among the last few in the redrawn view. */
    synchronized void event(String line) {
        if (ansi) {
            events.addLast(line);
            while (events.size() > EVENTS_SHOWN) {
                events.removeFirst();
            }
        } else {
            out.println(line);
            out.flush();
        }
    }

    /** Called about once a second. */
    synchronized void refresh(Status s, ForecastWatcher watcher) {
        if (!ansi) {
            long now = System.currentTimeMillis();
            if (now - lastPlain >= PLAIN_EVERY_MS) {
                lastPlain = now;
                out.println(totals(s));
                out.flush();
            }
            return;
        }
        long now = System.currentTimeMillis();
        if (now - lastFrame < FRAME_EVERY_MS) {
            return;
        }
        lastFrame = now;
        List<String> lines = new ArrayList<>();
        lines.add(s.title());
        lines.add(totals(s));
        lines.add("");
        lines.add(String.format(
                Locale.ROOT,
                "%-16s %12s %12s %6s %12s %12s",
                "key",
                "actual",
                "forecast",
                "model",
                "MAE(" + KeyBoard.WINDOW + ")",
                "naive MAE"));
        synchronized (watcher.lock()) {
            for (KeyBoard b : watcher.boards().values()) {
                lines.add(String.format(
                        Locale.ROOT,
                        "%-16s %12s %12s %6s %12s %12s",
                        clip(b.key),
                        num(b.actual),
                        num(b.forecast),
                        b.modelVersion == 0 ? "-" : "v" + b.modelVersion,
                        num(b.rollingModelMae()),
                        num(b.rollingNaiveMae())));
            }
        }
        lines.add("");
        lines.addAll(events);
        StringBuilder frame = new StringBuilder(drawn ? "\033[H" : "\033[H\033[2J");
        for (String l : lines) {
            frame.append(l).append("\033[K\n");
        }
        frame.append("\033[J");
        out.print(frame);
        out.flush();
        drawn = true;
    }

    private static String totals(Status s) {
        String phase = s.sent() < s.liveFrom() ? "warm-up" : "live";
        String repeats = s.repeated() > 0 ? " (" + s.repeated() + " forecasts repeated)" : "";
        return String.format(
                Locale.ROOT,
                "%5.1fs  %s  observations %d/%d  forecasts %d  dead letters %d  model v%d  "
                        + "swaps %d  retrains %d (%d published)  job restarts %d%s",
                s.seconds(),
                phase,
                s.sent(),
                s.total(),
                s.forecasts(),
                s.deadLetters(),
                s.modelVersion(),
                s.swaps(),
                s.retrains(),
                s.published(),
                s.restarts(),
                repeats);
    }

    private static String clip(String key) {
        return key.length() <= 16 ? key : key.substring(0, 15) + "…";
    }

    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 1e5 ? "%.0f" : a >= 100 ? "%.1f" : a >= 1 ? "%.3f" : "%.5f", v);
    }
}
