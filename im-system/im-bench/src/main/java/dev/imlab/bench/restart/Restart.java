package dev.imlab.bench.restart;

import dev.imlab.bench.upstream.StoredCheck;
import dev.imlab.bench.upstream.UpstreamFill;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one restart run measured.
 *
 * @param storeSeconds from the fill's first record until the transfer committed the last
 * @param firstStartSeconds from the first start of the main JVM (empty data folder) until it answered UP
 * @param firstUpSeconds from that start until Spring Boot said it started; NaN if unknown
 * @param restartSeconds from the start after the kill until it answered UP
 * @param restartUpSeconds from that start until Spring Boot said it started; NaN if unknown
 * @param disk bytes on disk by part of the data folder, before the kill
 * @param heapBefore live heap of the main JVM before the kill; -1 if unknown
 * @param heapAfter live heap of the restarted main JVM once healthy; -1 if unknown
 * @param check what MongoDB holds after the restart
 */
record Restart(UpstreamFill.Result fill, double storeSeconds, double firstStartSeconds, double firstUpSeconds,
               double restartSeconds, double restartUpSeconds, Map<String, Long> disk, long heapBefore, long heapAfter,
               long rssAfter, StoredCheck.Counts check) {

    double storedPerSecond() {
        return fill.messages() / Math.max(storeSeconds, 0.001);
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stored", fill.messages());
        m.put("fillSeconds", fill.seconds());
        m.put("storeSeconds", storeSeconds);
        m.put("storedPerSecond", storedPerSecond());
        m.put("firstStartToHealthySeconds", firstStartSeconds);
        m.put("firstStartToProcessStartedSeconds", firstUpSeconds);
        m.put("restartToHealthySeconds", restartSeconds);
        m.put("restartToProcessStartedSeconds", restartUpSeconds);
        m.put("bytesOnDisk", disk);
        m.put("liveHeapBytesBeforeKill", heapBefore);
        m.put("liveHeapBytesAfterRestart", heapAfter);
        m.put("rssBytesAfterRestart", rssAfter);
        m.put("check", check.asMap());
        return m;
    }
}
