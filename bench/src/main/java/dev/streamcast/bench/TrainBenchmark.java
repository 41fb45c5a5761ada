package dev.streamcast.bench;

import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.train.TrainSeries;
import dev.streamcast.model.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training throughput in examples × timesteps per second (one op = one series step trained): our ND4J trainer
 * against Deeplearning4j's own LSTM layer, same data and shape: H = 64, F = 1, batch 32, TBPTT 50/50, Adam 3e-3,
 * 32 sequences of 400 steps (12,800 examples × timesteps per invocation, one epoch, float32). Ours also clips the
 * global gradient norm at 1 (DL4J does not clip here), and runs for GRU and RNN too.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(TrainBenchmark.SEQUENCES * TrainBenchmark.LENGTH)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 8, time = 3)
public class TrainBenchmark {
    static final int SEQUENCES = 32;
    static final int LENGTH = 400;
    static final int HIDDEN = 64;
    static final int TBPTT = 50;
    static final double LEARNING_RATE = 3e-3;

    static float[][] data() {
        Random rnd = new Random(1);
        float[][] v = new float[SEQUENCES][LENGTH + 1];
        for (int s = 0; s < SEQUENCES; s++) {
            double phase = rnd.nextDouble() * 24;
            for (int t = 0; t <= LENGTH; t++) {
                v[s][t] = (float) (Math.sin(2 * Math.PI * (t + phase) / 24) + 0.1 * rnd.nextGaussian());
            }
        }
        return v;
    }

    /** Our trainer. */
    @State(Scope.Benchmark)
    public static class Ours {
        @Param({"LSTM", "GRU", "RNN"})
        public String cell;

        Trainer trainer;
        List<TrainSeries> series;

        @Setup
        public void setup() {
            ModelConfig cfg = ModelConfig.univariate(CellType.parse(cell), HIDDEN, 1, Transform.NONE);
            TrainConfig tc = new TrainConfig(TBPTT, TBPTT, SEQUENCES, LEARNING_RATE, 1.0, 0.0, 1, 1, 0.0, 1L);
            trainer = new Trainer(cfg, tc, DataType.FLOAT);
            series = new ArrayList<>();
            for (float[] v : data()) {
                float[][] x = new float[LENGTH][];
                float[] y = new float[LENGTH];
                for (int t = 0; t < LENGTH; t++) {
                    x[t] = new float[] {v[t]};
                    y[t] = v[t + 1];
                }
                series.add(new TrainSeries(x, y));
            }
        }
    }

    /** Deeplearning4j: LSTM + RnnOutputLayer(MSE), TruncatedBPTT 50/50, Adam. */
    @State(Scope.Benchmark)
    public static class Dl4j {
        MultiLayerNetwork net;
        DataSet batch;

        @Setup
        public void setup() {
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                    .seed(1)
                    .dataType(DataType.FLOAT)
                    .updater(new Adam(LEARNING_RATE))
                    .weightInit(WeightInit.XAVIER)
                    .list()
                    .layer(new LSTM.Builder()
                            .nIn(1)
                            .nOut(HIDDEN)
                            .activation(Activation.TANH)
                            .build())
                    .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                            .activation(Activation.IDENTITY)
                            .nIn(HIDDEN)
                            .nOut(1)
                            .build())
                    .backpropType(BackpropType.TruncatedBPTT)
                    .tBPTTForwardLength(TBPTT)
                    .tBPTTBackwardLength(TBPTT)
                    .build();
            net = new MultiLayerNetwork(conf);
            net.init();
            float[][] v = data();
            INDArray x = Nd4j.create(DataType.FLOAT, SEQUENCES, 1, LENGTH); // [batch, features, time]
            INDArray y = Nd4j.create(DataType.FLOAT, SEQUENCES, 1, LENGTH);
            for (int s = 0; s < SEQUENCES; s++) {
                for (int t = 0; t < LENGTH; t++) {
                    x.putScalar(new long[] {s, 0, t}, v[s][t]);
                    y.putScalar(new long[] {s, 0, t}, v[s][t + 1]);
                }
            }
            batch = new DataSet(x, y);
        }
    }

    @Benchmark
    public Object oursOneEpoch(Ours s) {
        return s.trainer.fit(s.series, null, null);
    }

    @Benchmark
    public Object dl4jOneEpoch(Dl4j s) {
        s.net.fit(s.batch);
        return s.net.params();
    }
}
