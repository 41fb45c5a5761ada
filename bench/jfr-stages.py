#!/usr/bin/env python3
"""Where the forecast job's CPU goes, per stage, from a JFR recording of EndToEndKafkaBench.

    java -XX:StartFlightRecording=filename=e2e.jfr,settings=profile -cp bench/target/benchmarks.jar \
        dev.streamcast.bench.EndToEndKafkaBench 10000 100000 15
    python3 bench/jfr-stages.py e2e.jfr [events] [--alloc]

With the number of events the run processed (the backlog plus the latency phase's "sent"), also samples per 1,000
events, to compare two runs whose lengths differ. With --alloc, the allocation samples instead
(jdk.ObjectAllocationSample, each weighted by the bytes it stands for), in bytes, bytes per event and the classes
allocated most in each stage.

Reads the execution samples (jfr print --stack-depth 64 --events jdk.ExecutionSample --json) and puts each sample in
a stage: by its thread for the Kafka clients' own threads (a producer's network thread, the source's fetcher),
otherwise by the innermost frame of its stack that names a stage below, so that Jackson under ForecastJson counts as
forecast JSON, Jackson under ObservationParser as parse, a serializer's copy under the forecast operator as
serialization and copies. JDK frames and Kafka's common code (used by consumer and producer alike) never decide.
Samples of the driver's own threads are counted apart and left out of the shares: "main" (producing the backlog,
reading forecasts), its producer's network thread (the first producer of the JVM, "producer-1", made before the job
starts) and its admin client's.
"""
import json
import subprocess
import sys
from collections import Counter

# (stage, substrings of "package.Class.method"); the innermost frame with a match decides
PARSE = "observation parse (RawRecordDeserializer, ObservationGate/Parser, ParseObservation, Jackson)"
JSON_OUT = "forecast JSON (ForecastJson, KeyedJsonSerializer)"
STEP = "the LSTM step (model step kernels)"
STATE = "keyed state access with TTL (state maps, TTL decorators, key groups)"
REST = "the rest of the forecast operator (SeriesUpdater, scaler, bands, ForecastFunction)"
PRODUCER = "Kafka producer (sinks, compression, its network threads)"
NETWORK = "Flink network stack, record serialization and copies between operators"
SOURCE = "Kafka source and consumer (fetcher thread, records to the source reader)"
STAGES = [
    (JSON_OUT, ["serde.ForecastJson", "serde.KeyedJsonSerializer", "serde.DeadLetterJson", "serde.JsonBytes"]),
    (PARSE, ["serde.RawRecordDeserializer", "serde.ObservationParser", "forecast.ObservationGate",
             "forecast.ParseObservation", "ForecastJob$RecordTimestamp", "serde.Timestamps", "serde.RecordFields",
             "serde.IsoFast"]),
    (STEP, ["dev.streamcast.model.step", "dev.streamcast.model.cell"]),
    (STATE, ["org.apache.flink.runtime.state", "org.apache.flink.contrib.streaming.state", "org.rocksdb",
             "org.apache.flink.streaming.api.operators.StreamOperatorStateHandler",
             "org.apache.flink.streaming.api.operators.AbstractStreamOperator.setKeyContext",
             "org.apache.flink.streaming.api.operators.AbstractStreamOperator.setCurrentKey"]),
    (PRODUCER, ["org.apache.kafka.clients.producer", "connector.kafka.sink", "com.github.luben.zstd",
                "org.apache.flink.streaming.runtime.operators.sink"]),
    (NETWORK, ["org.apache.flink.runtime.io.network", "org.apache.flink.api.common.typeutils",
               "org.apache.flink.api.java.typeutils", "org.apache.flink.streaming.runtime.io",
               "org.apache.flink.streaming.runtime.tasks.CopyingChainingOutput",
               "org.apache.flink.streaming.runtime.tasks.ChainingOutput",
               "org.apache.flink.streaming.runtime.tasks.BroadcastingOutputCollector",
               "org.apache.flink.streaming.api.operators.CountingOutput",
               "org.apache.flink.streaming.runtime.streamrecord", "org.apache.flink.core.memory",
               "org.apache.flink.runtime.plugable", "serde.ObservationSerializer", "org.apache.flink.types.StringValue"]),
    (SOURCE, ["org.apache.kafka.clients.consumer", "connector.kafka.source", "org.apache.flink.connector.base.source",
              "org.apache.flink.streaming.api.operators.SourceOperator"]),
    (REST, ["dev.streamcast.jobs.forecast", "dev.streamcast.model", "dev.streamcast.jobs.common"]),
]
DRIVER = ("main", "kafka-producer-network-thread | producer-1", "kafka-admin-client-thread | adminclient-")
THREADS = [("kafka-producer-network-thread", PRODUCER), ("Source Data Fetcher for Source: observations", SOURCE)]
OTHER = "JIT, GC, checkpoints, Flink's actors, the rest"


def frames(sample):
    st = sample["values"].get("stackTrace") or {}
    for f in st.get("frames") or []:
        m = f.get("method") or {}
        t = (m.get("type") or {}).get("name", "")
        yield t.replace("/", ".") + "." + m.get("name", "")


def main(path, processed=None, alloc=False):
    kind = "jdk.ObjectAllocationSample" if alloc else "jdk.ExecutionSample"
    out = subprocess.run(["jfr", "print", "--stack-depth", "64", "--events", kind, "--json", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    counts, driver, classes = Counter(), 0, {}
    for e in events:
        v = e["values"]
        thread = ((v.get("eventThread") if alloc else v.get("sampledThread")) or {}).get("javaName") or ""
        weight = v.get("weight", 0) if alloc else 1
        if thread == "main" or any(thread.startswith(d) for d in DRIVER[1:]):
            driver += weight
            continue
        stage = next((st for prefix, st in THREADS if thread.startswith(prefix)), None)
        if stage is None:
            stage = next((name for f in frames(e) for name, pats in STAGES if any(p in f for p in pats)), OTHER)
        counts[stage] += weight
        if alloc:
            classes.setdefault(stage, Counter())[(v.get("objectClass") or {}).get("name", "?")] += weight
    total = sum(counts.values())
    what = "bytes (allocation samples' weights)" if alloc else "samples"
    print(f"{len(events)} samples; {what}: the driver's threads {driver:,}; the job's {total:,}")
    unit = "bytes per event" if alloc else "per 1,000 events"
    per = f" | {unit}" if processed else ""
    print(f"| stage | {'bytes' if alloc else 'samples'} | share of the job's{per} |")
    print("|---|---|---|" + ("---|" if processed else ""))
    for name, _ in STAGES + [(OTHER, None), ("all of the job", None)]:
        n = total if name == "all of the job" else counts.get(name, 0)
        rate = (f" | {n / processed:,.0f}" if alloc else f" | {1000 * n / processed:.2f}") if processed else ""
        print(f"| {name} | {n:,} | {100 * n / total:.0f}%{rate} |")
    for name, c in sorted(classes.items(), key=lambda x: -counts[x[0]]):
        top = ", ".join(f"{k} {100 * w / counts[name]:.0f}%" for k, w in c.most_common(5))
        print(f"  {name}: {top}")


if __name__ == "__main__":
    flags = [a for a in sys.argv[1:] if a.startswith("--")]
    rest = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(rest[0], int(rest[1]) if len(rest) > 1 else None, "--alloc" in flags)
