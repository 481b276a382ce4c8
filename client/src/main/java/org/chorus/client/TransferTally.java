package org.chorus.client;

import java.util.concurrent.atomic.AtomicLong;

/** Bytes one upload sent over the wire, and bytes of content it did not send because the server already held them. */
final class TransferTally {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong deduplicated = new AtomicLong();
}
