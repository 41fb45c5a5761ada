package dev.streamcast.model.eval;

/** Seasonal naive: ŷ_{t+1} = y_{t+1-m}; with m = 1 it is the naive forecast. Naive until m values are seen. */
final class SeasonalNaive implements OnlineForecaster {
    private final double[] ring; // the last m values, oldest at head once full
    private long seen;

    SeasonalNaive(int period) {
        if (period < 1) {
            throw new IllegalArgumentException("season must be >= 1, found " + period);
        }
        this.ring = new double[period];
    }

    @Override
    public double forecast() {
        if (seen == 0) {
            return Double.NaN;
        }
        int m = ring.length;
        if (seen < m) {
            return ring[(int) ((seen - 1) % m)]; // not a full season yet: last value
        }
        return ring[(int) (seen % m)]; // y_{t+1-m}: the oldest of the last m
    }

    @Override
    public void observe(double value) {
        ring[(int) (seen % ring.length)] = value;
        seen++;
    }
}
