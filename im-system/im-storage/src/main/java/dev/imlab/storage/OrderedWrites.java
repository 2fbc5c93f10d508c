package dev.imlab.storage;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.bulk.ClientBulkWriteOptions;
import com.mongodb.client.model.bulk.ClientNamespacedWriteModel;
import java.util.List;

/**
 * Writes to any number of collections in one round trip, applied in the order given and stopped at
 * the first failure: MongoDB 8's client-level {@code bulkWrite} ({@code MongoClient.bulkWrite}).
 * Every multi-document write of imlab goes through here.
 *
 * @implNote Strategy candidates for storing a transfer batch (messages, dedupe entries, user
 *     lists, {@code maxSeq}): one collection-level bulk write per collection, one after the other,
 *     is four durable round trips in series (what imlab did first); a multi-document transaction
 *     is one commit, but needs a replica set and is not offered by the stand-in; concurrent writes
 *     to the four collections lose the order that crash recovery relies on. Chosen: one ordered
 *     client-level bulk write. What a crash leaves is still a prefix of the list, so the order of
 *     the list is the recovery order, and it costs one round trip and, on the stand-in, one commit.
 */
public final class OrderedWrites {
    private static final ClientBulkWriteOptions ORDERED = ClientBulkWriteOptions.clientBulkWriteOptions().ordered(true);

    private final MongoClient client;

    OrderedWrites(MongoClient client) {
        this.client = client;
    }

    /** Applies the writes in order; throws at the first that fails, with everything before it applied. */
    public void apply(List<ClientNamespacedWriteModel> writes) {
        if (!writes.isEmpty()) {
            client.bulkWrite(writes, ORDERED);
        }
    }
}
