/**
 * The model file ({@link dev.streamcast.model.io.ModelCodec}; layout in docs/model-format.md). No ND4J, no Flink,
 * no Java serialization.
 */
package dev.streamcast.model.io;
