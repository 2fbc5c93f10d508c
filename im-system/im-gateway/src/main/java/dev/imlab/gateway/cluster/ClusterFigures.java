package dev.imlab.gateway.cluster;

import java.util.List;
import java.util.Map;

/**
 * The whole cluster as the live processes last reported it (each about once a second): the
 * {@code cluster} section of {@code GET /api/v1/stats}.
 *
 * @param time            epoch ms when this gateway last read the reports
 * @param connections     WebSocket sessions open on all live gateways
 * @param sendsPerSecond  sends per second through all live gateways
 * @param pushesPerSecond pushes per second written by all live gateways
 * @param roles           per role (infra, gateway, transfer, push, confirm): live instances, and for
 *                        the back-end roles the partitions they own together and their group's lag
 * @param gateways        every live gateway's report, by gateway id
 * @param instances       every live process's report, by instance id
 */
public record ClusterFigures(long time, long connections, double sendsPerSecond, double pushesPerSecond,
                             Map<String, RoleFigures> roles, List<InstanceStats> gateways, List<InstanceStats> instances) {

    /**
     * @param instances  live processes that run the role
     * @param ready      those of them that are ready (gateways: health UP; others: own their partitions)
     * @param partitions partitions of the role's topic its instances own together; null for infra and gateway
     * @param lag        records of the role's topic its consumer group has not committed, as this
     *                   gateway's lag monitor last read it; null for infra and gateway
     */
    public record RoleFigures(int instances, int ready, Integer partitions, Double lag) {
    }
}
