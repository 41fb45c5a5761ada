package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.cli.Action;
import dev.streamcast.jobs.cli.Command;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.ForecastOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** {@code streamcast forecast [options]}: builds the {@link ForecastJob} for Kafka and runs it until cancelled. */
public final class ForecastCommand {
    private ForecastCommand() {}

    /** The {@code forecast} entry of the command line: options are checked and the job is built before it runs. */
    public static Command command() {
        return new Command() {
            @Override
            public String summary() {
                return "run the streaming forecast job (Kafka in, forecasts and dead letters out)";
            }

            @Override
            public String help() {
                return ForecastOptions.help();
            }

            @Override
            public Action prepare(String[] args) {
                ForecastConfig config = ForecastConfig.fromArgs(args);
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment(ForecastJob.flinkConfiguration(config));
                ForecastJob.forKafka(config).build(env);
                return () -> {
                    KafkaReachability.watch(config.bootstrapServers()); // one line when Kafka cannot be reached
                    env.execute("streamcast forecast");
                    return 0;
                };
            }
        };
    }
}
