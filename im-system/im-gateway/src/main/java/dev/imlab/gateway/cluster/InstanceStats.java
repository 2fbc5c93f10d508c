package dev.imlab.gateway.cluster;

import java.util.List;
import java.util.Map;

/**
 * What one imlab process tells the cluster about itself, about once a second: the value of its
 * {@code instance:<id>} key in Redis ({@code InstanceBoard}), as JSON. Gateways read every live
 * one for {@code GET /api/v1/stats} ({@code cluster}) and {@code GET /api/v1/dispatch}.
 *
 * @param instanceId the process's {@code imlab.instance-id} (its Kafka clients are named after it)
 * @param roles      the roles it runs: any of infra, gateway, transfer, push, confirm
 * @param pid        its operating-system process id
 * @param startedAt  epoch ms when it started
 * @param time       epoch ms of this reading
 * @param ready      gateway: its {@code /api/v1/health} answers UP; otherwise every role of it owns its
 *                   partitions (or knows it owns none)
 * @param gatewayId  its gateway's id, or null when it runs no gateway
 * @param publicUrl  where clients reach its gateway directly ({@code imlab.gateway.public-url}), or null
 * @param connections WebSocket sessions open on its gateway now
 * @param sends      {@code send} frames its gateway received since it started
 * @param pushes     {@code push} frames its gateway wrote since it started
 * @param sendsPerSecond  sends per second over the last interval
 * @param pushesPerSecond pushes per second over the last interval
 * @param unackedPushes pushes its gateway wrote that wait for a device's ack
 * @param shedding   whether its gateway refuses new sends now because the pipeline is behind
 * @param pendingSends sends its gateway handed to Kafka whose {@code send_ack} has not come back
 * @param partitions per back-end role it runs, the partitions of that role's topic it owns now
 */
public record InstanceStats(String instanceId, List<String> roles, long pid, long startedAt, long time, boolean ready,
                            String gatewayId, String publicUrl, long connections, long sends, long pushes,
                            double sendsPerSecond, double pushesPerSecond, long unackedPushes, boolean shedding,
                            long pendingSends, Map<String, Integer> partitions) {

    public boolean runs(String role) {
        return roles != null && roles.contains(role);
    }
}
