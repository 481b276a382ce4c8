package org.chorus.federated;

import java.nio.ByteOrder;
import java.util.List;
import org.chorus.federated.proto.v1.DType;
import org.chorus.federated.proto.v1.TensorPiece;

/**
 * Reassembles a streamed masked input: one U32 tensor named {@value #NAME} of shape [dimension+1]
 * (the round's SecAgg dimension and the weight), in contiguous pieces. Anything else is refused with a reason.
 */
final class MaskedAssembler implements PieceAssembler {
    static final String NAME = "secagg.masked";

    private final int[] values;
    private long bytes;

    MaskedAssembler(int length) {
        this.values = new int[length];
    }

    @Override
    public String accept(TensorPiece piece) {
        if (!piece.getName().equals(NAME) || piece.getDtype() != DType.U32) {
            return "a masked input is one U32 tensor named " + NAME + ", got " + piece.getDtype() + " tensor " + NodeInputs.printable(piece.getName());
        }
        if (!piece.getShapeList().equals(List.of((long) values.length))) {
            return "the masked input has shape " + piece.getShapeList() + "; [" + values.length + "] expected";
        }
        int n = piece.getData().size();
        if (piece.getOffset() != bytes || n == 0 || n % 4 != 0 || bytes + n > 4L * values.length) {
            return "masked input piece at offset " + piece.getOffset() + " with " + n + " bytes does not continue it";
        }
        piece.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values, (int) (bytes / 4), n / 4);
        bytes += n;
        return null;
    }

    @Override
    public String finish() {
        return bytes == 4L * values.length ? null : "the masked input ended after " + bytes / 4 + " of " + values.length + " values";
    }

    @Override
    public long bytes() {
        return bytes;
    }

    int[] values() {
        return values;
    }
}
