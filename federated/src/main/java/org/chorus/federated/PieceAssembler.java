package org.chorus.federated;

import org.chorus.federated.proto.v1.TensorPiece;

/** Reassembles the pieces of one upload; every method answers null when all is well, else the reason it is refused. */
interface PieceAssembler {

    String accept(TensorPiece piece);

    /** Null when everything arrived, else what is missing. */
    String finish();

    /** Bytes of tensor data taken so far. */
    long bytes();
}
