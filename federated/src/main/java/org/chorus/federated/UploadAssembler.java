package org.chorus.federated;

import java.nio.ByteOrder;
import java.util.Arrays;
import org.chorus.federated.proto.v1.DType;
import org.chorus.federated.proto.v1.TensorPiece;
import org.chorus.federated.tensor.ModelLayout;
import org.chorus.federated.tensor.TensorSpec;

/**
 * Reassembles a streamed update into one flat array in the expected layout. Pieces must come tensor by
 * tensor in layout order, each F32 with the expected name and shape and contiguous offsets, and each with data
 * unless its tensor has none (so an upload has at most one piece per value); anything else is refused with a reason. One array per upload in flight, freed when the upload ends.
 */
final class UploadAssembler implements PieceAssembler {
    private final ModelLayout layout;
    private final float[] values;
    private int tensor;
    private long bytesInTensor;
    private long bytes;

    UploadAssembler(ModelLayout layout) {
        this.layout = layout;
        this.values = new float[layout.size()];
    }

    @Override
    public String accept(TensorPiece piece) {
        if (tensor >= layout.tensors().size()) {
            return "more tensors than the model has";
        }
        TensorSpec expected = layout.tensors().get(tensor);
        if (!piece.getName().equals(expected.name())) {
            return "expected tensor " + expected.name() + " but got " + NodeInputs.printable(piece.getName());
        }
        if (piece.getDtype() != DType.F32) {
            return "tensor " + expected.name() + " has dtype " + piece.getDtype() + "; F32 expected";
        }
        long[] shape = piece.getShapeList().stream().mapToLong(Long::longValue).toArray();
        if (!Arrays.equals(shape, expected.shape())) {
            return "tensor " + expected.name() + " has shape " + Arrays.toString(shape) + "; " + Arrays.toString(expected.shape()) + " expected";
        }
        int n = piece.getData().size();
        long tensorBytes = expected.size() * 4;
        if (piece.getOffset() != bytesInTensor || n % 4 != 0 || bytesInTensor + n > tensorBytes || n == 0 && tensorBytes > 0) {
            return "tensor " + expected.name() + " piece at offset " + piece.getOffset() + " with " + n + " bytes does not continue it";
        }
        int at = layout.offset(tensor) + (int) (bytesInTensor / 4);
        piece.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values, at, n / 4);
        bytesInTensor += n;
        bytes += n;
        if (bytesInTensor == tensorBytes) {
            tensor++;
            bytesInTensor = 0;
        }
        return null;
    }

    @Override
    public String finish() {
        // tensors with no elements may be sent as one empty piece or skipped
        while (tensor < layout.tensors().size() && layout.tensors().get(tensor).size() == 0) {
            tensor++;
        }
        return tensor == layout.tensors().size() ? null : "upload ended before tensor " + layout.tensors().get(tensor).name() + " was complete";
    }

    float[] values() {
        return values;
    }

    @Override
    public long bytes() {
        return bytes;
    }
}
