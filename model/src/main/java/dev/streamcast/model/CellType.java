package dev.streamcast.model;

/**
 * The recurrent cell of every layer. {@link #gates()} is the number of H-sized blocks in the gate pre-activations
 * (the width of Wx, Wh and b is {@code gates() * H}); their order is declared in {@link Gates}.
 */
public enum CellType {
    /** Long short-term memory, Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000. */
    LSTM(4, true),
    /**
     * Peephole LSTM, Gers &amp; Schmidhuber 2000: the LSTM above whose gates also see the cell state through diagonal
     * weights (i and f see c_{t-1}, o sees c_t); 3H more parameters per layer ({@link #peepholes()}).
     */
    PEEPHOLE(4, true),
    /** Gated recurrent unit, Cho et al. 2014, in the "reset after" form (cuDNN, PyTorch). */
    GRU(3, false),
    /** Plain Elman RNN with tanh. */
    RNN(1, false);

    private final int gates;
    private final boolean hasCellState;

    CellType(int gates, boolean hasCellState) {
        this.gates = gates;
        this.hasCellState = hasCellState;
    }

    public int gates() {
        return gates;
    }

    /** Whether a layer carries a cell state c next to h (LSTM and PEEPHOLE). */
    public boolean hasCellState() {
        return hasCellState;
    }

    /** Whether each layer has the diagonal peephole weights p_i, p_f, p_o [3H] (only PEEPHOLE). */
    public boolean peepholes() {
        return this == PEEPHOLE;
    }

    /** Parses a name case-insensitively; the message lists the choices. */
    public static CellType parse(String name) {
        for (CellType t : values()) {
            if (t.name().equalsIgnoreCase(name.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("cell must be one of lstm, gru, rnn, peephole, found '" + name + "'");
    }
}
