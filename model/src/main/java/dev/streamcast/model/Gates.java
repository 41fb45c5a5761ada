package dev.streamcast.model;

/**
 * Gate order inside the {@code G*H} columns of Wx, Wh and b. Declared once here and used by the streaming step,
 * the trainer and the model file. Block k occupies columns {@code [k*H, (k+1)*H)}.
 */
public final class Gates {
    private Gates() {}

    // LSTM: the same order as ND4J's lstmLayer op (i, f, c', o).
    /** LSTM input gate. */
    public static final int LSTM_I = 0;
    /** LSTM forget gate (its bias starts at 1, Gers et al. 2000). */
    public static final int LSTM_F = 1;
    /** LSTM candidate (cell input, "g"). */
    public static final int LSTM_G = 2;
    /** LSTM output gate. */
    public static final int LSTM_O = 3;

    // GRU, "reset after" form: n = tanh(Wx_n x + b_n + r ⊙ (Wh_n h)).
    /** GRU reset gate. */
    public static final int GRU_R = 0;
    /** GRU update gate. */
    public static final int GRU_Z = 1;
    /** GRU candidate. */
    public static final int GRU_N = 2;

    /** Plain RNN: the single block. */
    public static final int RNN_A = 0;
}
