package dev.imlab.server.roles;

import dev.imlab.confirm.ReadSeqWriter;
import dev.imlab.gateway.GatewayParts;
import dev.imlab.push.fanout.Fanout;
import dev.imlab.transfer.expiry.PageReaper;
import dev.imlab.transfer.seq.SeqAllocator;

/**
 * The parts of the roles that can be replaced, each null for the role's own: the classes a lab
 * puts into the real server (the labs' {@code LabNNServer}), or a test's. {@code ImlabConfiguration}
 * takes each from a bean of its type when there is one.
 *
 * @param seqAllocator the transfer's seqs (lab02)
 * @param readSeqWriter the confirm role's writer of read seqs (lab10)
 * @param fanout the push role's plan of each push (lab05)
 * @param pageReaper the transfer's expiry reaper, page by page (lab09)
 * @param gateway the gateway's retransmission (lab03), idle watch and push writing (lab06), and the
 *     buckets and lockouts of its limits (lab11); null: all its own
 */
public record RoleParts(SeqAllocator seqAllocator, ReadSeqWriter readSeqWriter, Fanout fanout, PageReaper pageReaper,
                        GatewayParts gateway) {
    public RoleParts {
        gateway = gateway != null ? gateway : GatewayParts.own();
    }

    /** Every role's own parts. */
    public static RoleParts own() {
        return new RoleParts(null, null, null, null, null);
    }
}
