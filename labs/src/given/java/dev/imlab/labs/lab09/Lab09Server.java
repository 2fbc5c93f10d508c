package dev.imlab.labs.lab09;

import dev.imlab.labs.LabServer;
import dev.imlab.storage.Storage;
import dev.imlab.transfer.expiry.PageReaper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The real imlab server, all roles and embedded infrastructure as {@code java -jar} starts it,
 * except that the transfer's expiry reaper deletes expired messages and raises each conversation's
 * {@code minSeq} bound with your {@link Reaper} (and so your {@link MinSeq}), over the messages in
 * MongoDB ({@link ReapedPages}, {@link StoredLog}). How to run it: {@link LabServer} and the lab's
 * guide. The server takes a {@link PageReaper} bean when there is one (im-server's
 * {@code ImlabConfiguration}).
 */
public final class Lab09Server {
    private Lab09Server() {
    }

    public static void main(String[] args) {
        LabServer.run("lab09", YourReaper.class, args, Reaper.class, MinSeq.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class YourReaper {

        @Bean
        PageReaper pageReaper(Storage storage) {
            return new ReapedPages(storage);
        }
    }
}
