package dev.imlab.labs.lab12;

import dev.imlab.labs.LabNotDone;

/**
 * Your incident reports: for each incident you ran, which hop holds the time, what makes it slow,
 * and the fix. The test asks for the current incident's (its id is in
 * {@code labs/incident/current.properties}), checks it, applies your fix to the server and
 * measures the hop again.
 *
 * <p>Keep the reports of earlier incidents: each is a case you solved. For example:
 *
 * <pre>
 * return switch (incidentId) {
 *     case "INC-7K3QX" -> Diagnosis.setting(Hop.GATEWAY_TO_TRANSFER, Cause.KAFKA_LINGER_MS, "1");
 *     case "INC-M2D9P" -> Diagnosis.code(Hop.DEVICE_LINK, Cause.LOCK_CONTENTION, Remedy.ADD_THREADS);
 *     default -> throw new IllegalArgumentException("no report for " + incidentId + " yet");
 * };
 * </pre>
 *
 * (Those two are examples of the form, not answers.)
 */
public final class IncidentReport {

    private IncidentReport() {
    }

    /** Your diagnosis of incident {@code incidentId}. */
    public static Diagnosis diagnose(String incidentId) {
        throw new LabNotDone(IncidentReport.class, "diagnose (start an incident first: labs/start-incident.sh)");
    }
}
