package org.chorus.client.federated;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.chorus.federated.proto.v1.DType;
import org.chorus.federated.proto.v1.TensorPiece;

/** Tensors to and from protocol pieces (little-endian F32, or U32 for masked inputs; at most 1 MiB a piece). */
final class TensorCodec {
    static final int PIECE_BYTES = 1 << 20;

    private TensorCodec() {}

    static List<NamedTensor> assemble(Iterator<TensorPiece> pieces) {
        List<NamedTensor> out = new ArrayList<>();
        String name = null;
        long[] shape = null;
        float[] values = null;
        int filled = 0;
        while (pieces.hasNext()) {
            TensorPiece p = pieces.next();
            if (p.getDtype() != DType.F32) {
                throw new IllegalStateException("unsupported dtype " + p.getDtype());
            }
            if (!p.getName().equals(name)) {
                if (name != null) {
                    out.add(new NamedTensor(name, shape, values));
                }
                name = p.getName();
                shape = p.getShapeList().stream().mapToLong(Long::longValue).toArray();
                long n = 1;
                for (long d : shape) {
                    n *= d;
                }
                values = new float[Math.toIntExact(n)];
                filled = 0;
            }
            int count = p.getData().size() / 4;
            p.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values, filled, count);
            filled += count;
        }
        if (name != null) {
            out.add(new NamedTensor(name, shape, values));
        }
        return out;
    }

    /** A masked secure-aggregation input as U32 pieces of the one tensor {@code secagg.masked}. */
    static void splitMasked(int[] masked, ResultPush.PieceSink sink) throws InterruptedException {
        int done = 0;
        do {
            int n = Math.min(PIECE_BYTES / 4, masked.length - done);
            ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().put(masked, done, n);
            sink.accept(TensorPiece.newBuilder().setName("secagg.masked").setDtype(DType.U32).addShape(masked.length)
                    .setOffset(done * 4L).setData(ByteString.copyFrom(b.array())).build());
            done += n;
        } while (done < masked.length);
    }

    static void split(List<NamedTensor> tensors, ResultPush.PieceSink sink) throws InterruptedException {
        for (NamedTensor t : tensors) {
            int done = 0;
            do {
                int n = Math.min(PIECE_BYTES / 4, t.values().length - done);
                ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(t.values(), done, n);
                TensorPiece.Builder piece = TensorPiece.newBuilder().setName(t.name()).setDtype(DType.F32)
                        .setOffset(done * 4L).setData(ByteString.copyFrom(b.array()));
                for (long d : t.shape()) {
                    piece.addShape(d);
                }
                sink.accept(piece.build());
                done += n;
            } while (done < t.values().length);
        }
    }
}
