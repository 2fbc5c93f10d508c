package dev.imlab.testsupport.check;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link DeliveryChecker} counted; {@link DeliveryChecker} says what each count means.
 * Redelivered is not a problem: it is the re-sends the protocol allows, dropped as the SDK drops
 * them.
 */
public record DeliveryCounts(long acked, long delivered, long lost, long duplicated, long gaps, long outOfOrder,
                             long mismatched, long redelivered) {
    public boolean clean() {
        return lost == 0 && duplicated == 0 && gaps == 0 && outOfOrder == 0 && mismatched == 0;
    }

    /** For reports, in the order of the fields. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("acked", acked);
        m.put("delivered", delivered);
        m.put("lost", lost);
        m.put("duplicated", duplicated);
        m.put("gaps", gaps);
        m.put("outOfOrder", outOfOrder);
        m.put("mismatched", mismatched);
        m.put("redelivered", redelivered);
        return m;
    }

    @Override
    public String toString() {
        return "acked=" + acked + " delivered=" + delivered + " lost=" + lost + " duplicated=" + duplicated
                + " gaps=" + gaps + " outOfOrder=" + outOfOrder + " mismatched=" + mismatched
                + " (re-sends dropped: " + redelivered + ")";
    }
}
