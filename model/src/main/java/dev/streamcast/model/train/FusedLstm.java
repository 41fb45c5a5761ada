package dev.streamcast.model.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One LSTM layer over a whole window in one native call each way: ND4J's fused {@code lstmLayer} and
 * {@code lstmLayer_bp} custom ops. Same equations and gate order (i, f, c', o) as {@link CellMath}, no peepholes,
 * no cell clipping; time-major data format 0 ([T, B, ·]), forward direction.
 *
 * <pre>
 *   x [T, B, D]   wx [D, 4H]   wr [H, 4H]   b [4H]   h0, c0 [B, H]
 *   forward  → h [T, B, H], h_T [B, H], c_T [B, H]
 *   backward (dL/dh [T, B, H]) → dL/dx [T, B, D], dWx, dWr, db, dL/dh0, dL/dc0
 * </pre>
 */
final class FusedLstm {
    // iArgs: data format 0 = [T, B, ·]; direction 0 = forward; activations: gate 2 = sigmoid, cell 0 = tanh, out 0 =
    // tanh
    private static final int[] INT_ARGS = {0, 0, 2, 0, 0};
    private static final double[] CELL_CLIP_OFF = {0.0};

    private FusedLstm() {}

    /** Returns {h [T,B,H], h_T [B,H], c_T [B,H]}. */
    static INDArray[] forward(INDArray x, INDArray wx, INDArray wr, INDArray b, INDArray h0, INDArray c0) {
        long steps = x.size(0);
        long batch = x.size(1);
        long hidden = wr.size(0);
        INDArray h = Nd4j.create(x.dataType(), new long[] {steps, batch, hidden}, 'c');
        INDArray hLast = Nd4j.create(x.dataType(), new long[] {batch, hidden}, 'c');
        INDArray cLast = Nd4j.create(x.dataType(), new long[] {batch, hidden}, 'c');
        DynamicCustomOp op = DynamicCustomOp.builder("lstmLayer")
                .addInputs(x, wx, wr, b, h0, c0)
                .addIntegerArguments(INT_ARGS)
                .addFloatingPointArguments(CELL_CLIP_OFF[0])
                // hasBiases, hasSeqLen, hasInitH, hasInitC, hasPH, retFullSeq, retLastH, retLastC
                .addBooleanArguments(true, false, true, true, false, true, true, true)
                .addOutputs(h, hLast, cLast)
                .build();
        Nd4j.exec(op);
        return new INDArray[] {h, hLast, cLast};
    }

    /** Returns {dL/dx [T,B,D], dWx [D,4H], dWr [H,4H], db [4H], dL/dh0 [B,H], dL/dc0 [B,H]}. */
    static INDArray[] backward(
            INDArray x, INDArray wx, INDArray wr, INDArray b, INDArray h0, INDArray c0, INDArray dh) {
        INDArray dx = Nd4j.create(x.dataType(), x.shape(), 'c');
        INDArray dwx = Nd4j.create(x.dataType(), wx.shape(), 'c');
        INDArray dwr = Nd4j.create(x.dataType(), wr.shape(), 'c');
        INDArray db = Nd4j.create(x.dataType(), b.shape(), 'c');
        INDArray dh0 = Nd4j.create(x.dataType(), h0.shape(), 'c');
        INDArray dc0 = Nd4j.create(x.dataType(), c0.shape(), 'c');
        DynamicCustomOp op = DynamicCustomOp.builder("lstmLayer_bp")
                .addInputs(x, wx, wr, b, h0, c0, dh)
                .addIntegerArguments(INT_ARGS)
                .addFloatingPointArguments(CELL_CLIP_OFF[0])
                // hasBiases, hasSeqLen, hasInitH, hasInitC, hasPH, dL/dh given for all steps, not for h_T, c_T
                .addBooleanArguments(true, false, true, true, false, true, false, false)
                .addOutputs(dx, dwx, dwr, db, dh0, dc0)
                .build();
        Nd4j.exec(op);
        return new INDArray[] {dx, dwx, dwr, db, dh0, dc0};
    }
}
