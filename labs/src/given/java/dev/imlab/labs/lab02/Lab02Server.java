package dev.imlab.labs.lab02;

import dev.imlab.labs.LabServer;
import dev.imlab.storage.Storage;
import dev.imlab.transfer.seq.SeqAllocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The real imlab server, all roles and embedded infrastructure as {@code java -jar} starts it,
 * except that the transfer numbers every message with your {@link GapFreeSeqAllocator}. How to
 * run it: {@link LabServer} and the lab's guide. The server takes a {@link SeqAllocator} bean when
 * there is one (im-server's {@code ImlabConfiguration}).
 */
public final class Lab02Server {
    private Lab02Server() {
    }

    public static void main(String[] args) {
        LabServer.run("lab02", YourSeqAllocator.class, args, GapFreeSeqAllocator.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class YourSeqAllocator {

        @Bean
        SeqAllocator seqAllocator(Storage storage) {
            return new GapFreeSeqAllocator(new MongoSeqStore(storage));
        }
    }
}
