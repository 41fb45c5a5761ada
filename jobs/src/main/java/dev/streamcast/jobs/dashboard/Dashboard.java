package dev.streamcast.jobs.dashboard;

import java.io.IOException;
import java.net.BindException;
import java.util.List;

/** A running dashboard: the store, its Kafka reader and its HTTP server (the dashboard command and the demo). */
public final class Dashboard implements AutoCloseable {
    /** What the dashboard reads and serves; defaults in {@link DashboardCommand#OPTIONS}. */
    public record Settings(
            String bootstrapServers,
            String forecastsTopic,
            String deadLetterTopic,
            String modelsTopic,
            String observationsTopic,
            String bind,
            int port,
            int history,
            int maxKeys,
            long lookbackMillis,
            int horizon) {}

    private final SeriesStore store;
    private final DashboardReader reader;
    private final DashboardServer server;
    private final ObservationRate observations;
    private final String bind;

    private Dashboard(
            SeriesStore store,
            DashboardReader reader,
            DashboardServer server,
            ObservationRate observations,
            String bind) {
        this.store = store;
        this.reader = reader;
        this.server = server;
        this.observations = observations;
        this.bind = bind;
    }

    /**
     * Binds the port first (a taken port fails before Kafka is asked anything), then checks the topics and starts
     * reading.
     *
     * @throws IllegalStateException with one line: the port is taken, Kafka does not answer, a topic is missing
     */
    public static Dashboard start(Settings s) {
        SeriesStore store = new SeriesStore(s.history(), s.maxKeys(), s.horizon());
        DashboardReader[] reader = new DashboardReader[1];
        DashboardServer server;
        try {
            server = new DashboardServer(
                    store, s.bind(), s.port(), () -> reader[0] == null ? "starting" : reader[0].state());
        } catch (BindException e) {
            throw new IllegalStateException("cannot listen on " + s.bind() + ":" + s.port() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + s.bind() + ":" + s.port() + ": " + e);
        }
        try {
            reader[0] = new DashboardReader(
                    store,
                    s.bootstrapServers(),
                    s.forecastsTopic(),
                    s.deadLetterTopic(),
                    s.modelsTopic(),
                    s.lookbackMillis());
            DashboardReader.checkTopics(s.bootstrapServers(), List.of(s.observationsTopic()));
        } catch (RuntimeException e) {
            server.close();
            if (reader[0] != null) {
                reader[0].close();
            }
            throw e instanceof IllegalStateException ? e : new IllegalStateException(e.toString());
        }
        reader[0].start();
        ObservationRate observations = new ObservationRate(s.bootstrapServers(), s.observationsTopic());
        server.observations(observations);
        observations.start();
        return new Dashboard(store, reader[0], server, observations, s.bind());
    }

    public int port() {
        return server.port();
    }

    public String url() {
        String host = bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind;
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    @Override
    public void close() {
        server.close();
        observations.close();
        reader.close();
    }
}
