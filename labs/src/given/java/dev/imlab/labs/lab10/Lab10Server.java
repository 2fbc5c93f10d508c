package dev.imlab.labs.lab10;

import dev.imlab.bus.AckRecord;
import dev.imlab.confirm.ReadSeqWriter;
import dev.imlab.labs.LabServer;
import dev.imlab.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The real imlab server, all roles and embedded infrastructure as {@code java -jar} starts it,
 * except that the confirm role stores every {@code read} through your {@link ReadCoalescer}, and
 * sends a {@code read_receipt} for exactly the reads your coalescer announces. How to run it:
 * {@link LabServer} and the lab's guide. The server takes a {@link ReadSeqWriter} bean when there
 * is one (im-server's {@code ImlabConfiguration}).
 */
public final class Lab10Server {
    private Lab10Server() {
    }

    public static void main(String[] args) {
        LabServer.run("lab10", YourReadSeqWriter.class, args, ReadCoalescer.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class YourReadSeqWriter {

        /**
         * Each poll of the confirm role (up to a quarter second of reads, after the gateways' own
         * 50 ms merge) goes through a coalescer of its own: its reads, one flush.
         */
        @Bean
        ReadSeqWriter readSeqWriter(Storage storage) {
            ReadSeqStore store = new MongoReadSeqStore(storage.reads());
            return reads -> {
                if (reads.isEmpty()) {
                    return List.of(); // a poll of acks only
                }
                List<AckRecord> receipts = new ArrayList<>();
                ReadCoalescer coalescer = new ReadCoalescer(store,
                        r -> receipts.add(AckRecord.read(r.userId(), r.deviceId(), r.conversationId(), r.seq())));
                for (AckRecord read : reads) {
                    coalescer.read(new Read(read.userId(), read.deviceId(), read.conversationId(), read.seq()));
                }
                coalescer.flush();
                return receipts;
            };
        }
    }
}
