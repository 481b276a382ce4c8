package org.chorus.federated;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.NoSuchElementException;
import java.util.Map;
import org.chorus.federated.proto.v1.DType;
import org.chorus.federated.proto.v1.Scalar;
import org.chorus.federated.proto.v1.TensorPiece;
import org.chorus.federated.tensor.TensorSpec;
import org.chorus.federated.tensor.Weights;

/** Conversions between domain values and protocol messages. */
final class Wire {
    static final int PIECE_BYTES = 1 << 20;

    private Wire() {}

    static Scalar scalar(Object v) {
        return switch (v) {
            case Long l -> Scalar.newBuilder().setIntValue(l).build();
            case Integer i -> Scalar.newBuilder().setIntValue(i).build();
            case Double d -> Scalar.newBuilder().setDoubleValue(d).build();
            case Boolean b -> Scalar.newBuilder().setBoolValue(b).build();
            default -> Scalar.newBuilder().setStringValue(String.valueOf(v)).build();
        };
    }

    static Map<String, Scalar> scalars(Map<String, Object> config) {
        Map<String, Scalar> out = new LinkedHashMap<>();
        config.forEach((k, v) -> out.put(k, scalar(v)));
        return out;
    }

    static String text(Scalar s) {
        return switch (s.getValueCase()) {
            case DOUBLE_VALUE -> Double.toString(s.getDoubleValue());
            case INT_VALUE -> Long.toString(s.getIntValue());
            case BOOL_VALUE -> Boolean.toString(s.getBoolValue());
            case STRING_VALUE -> s.getStringValue();
            case VALUE_NOT_SET -> "";
        };
    }

    /** The model as pieces of at most {@link #PIECE_BYTES}, tensor by tensor, made one at a time as they are sent. */
    static Iterator<TensorPiece> pieces(Weights w) {
        return new Iterator<>() {
            private int tensor;
            private int done;

            @Override
            public boolean hasNext() {
                return tensor < w.layout().tensors().size();
            }

            @Override
            public TensorPiece next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                TensorSpec spec = w.layout().tensors().get(tensor);
                int from = w.layout().offset(tensor);
                int count = w.layout().offset(tensor + 1) - from;
                int n = Math.min(PIECE_BYTES / 4, count - done);
                ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(w.values(), from + done, n);
                TensorPiece.Builder piece = TensorPiece.newBuilder().setName(spec.name()).setDtype(DType.F32)
                        .setOffset(done * 4L).setData(ByteString.copyFrom(b.array()));
                for (long d : spec.shape()) {
                    piece.addShape(d);
                }
                done += n;
                if (done >= count) {
                    tensor++;
                    done = 0;
                }
                return piece.build();
            }
        };
    }
}
