package dev.streamcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Inference (configuration, streaming step, transforms, model files) must load without ND4J on the classpath, so
 * the job jar stays small. A class that references ND4J or Deeplearning4j names it in its constant pool (as
 * {@code org/nd4j/...} for a type, or {@code org.nd4j...} in a string for reflection), so scanning the compiled
 * bytes of every class of dev.streamcast.model outside the {@code train} package finds any such reference.
 */
class InferenceWithoutNd4jTest {

    private static final List<String> FORBIDDEN =
            List.of("org/nd4j", "org/deeplearning4j", "org.nd4j", "org.deeplearning4j");

    @Test
    void noClassOutsideTrainReferencesNd4j() throws IOException, URISyntaxException {
        Path classes = Path.of(ModelConfig.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path root = classes.resolve("dev/streamcast/model");
        Path train = root.resolve("train");
        List<String> scanned = new ArrayList<>();
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.toString().endsWith(".class") || f.startsWith(train)) {
                    continue;
                }
                String name = root.relativize(f).toString();
                scanned.add(name);
                // ISO-8859-1 maps each byte to one char, so the ASCII names in the constant pool are found as is
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String forbidden : FORBIDDEN) {
                    if (bytes.contains(forbidden)) {
                        offenders.add(name + " references " + forbidden);
                    }
                }
            }
        }
        assertThat(scanned)
                .as("classes scanned under " + root)
                .contains(
                        "ModelConfig.class",
                        "io/ModelCodec.class",
                        "prep/SeriesScaler.class",
                        "step/StreamingModel.class");
        assertThat(offenders).as("inference classes that reference ND4J/DL4J").isEmpty();
    }
}
