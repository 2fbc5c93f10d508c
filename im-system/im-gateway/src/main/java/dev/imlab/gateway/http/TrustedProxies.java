package dev.imlab.gateway.http;

import dev.imlab.gateway.limits.Limits;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the client is when a reverse proxy stands between it and the gateway: the TCP peer, unless
 * the peer is a proxy this gateway trusts ({@code imlab.gateway.trusted-proxies}), in which case
 * it is the last hop of {@code X-Forwarded-For}, the address that proxy saw. Every per-address
 * limit and the (user, address) login lockout count by this address; without it, every client
 * behind a proxy shares the proxy's budget, and five wrong passwords from anyone lock a user out
 * for everyone.
 *
 * <p>Only the last hop, and only from a trusted peer: every other part of the header is whatever
 * the client wrote, and a client that chooses its own address gets past every per-address limit.
 * The PROXY protocol would carry the address below HTTP; the header was chosen because every HTTP
 * proxy and ingress writes it, and HAProxy needs only {@code option forwardfor}.
 */
public final class TrustedProxies {
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<IpSubnetFilterRule> proxies;

    /** @param proxies addresses ({@code 10.0.0.5}) or CIDR blocks ({@code 10.0.0.0/8}); empty: trust no one */
    public TrustedProxies(List<String> proxies) {
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        for (String proxy : proxies) {
            rules.add(rule(proxy.trim()));
        }
        this.proxies = List.copyOf(rules);
    }

    private static IpSubnetFilterRule rule(String proxy) {
        int slash = proxy.indexOf('/');
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(slash < 0 ? proxy : proxy.substring(0, slash));
        int bits = address == null ? 0 : address.getAddress().length * 8;
        try {
            int prefix = slash < 0 ? bits : Integer.parseInt(proxy.substring(slash + 1));
            if (address != null && prefix >= 0 && prefix <= bits) {
                return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("imlab.gateway.trusted-proxies: '" + proxy
                + "' is not an IP address or a CIDR block such as 10.0.0.0/8");
    }

    /** The client's address of a request that came on {@code channel}. */
    public String clientOf(Channel channel, HttpHeaders headers) {
        return clientOf(channel.remoteAddress(), headers, Limits.addressOf(channel));
    }

    String clientOf(SocketAddress peer, HttpHeaders headers, String peerAddress) {
        if (proxies.isEmpty() || !(peer instanceof InetSocketAddress inet) || !trusted(inet)) {
            return peerAddress;
        }
        List<String> forwarded = headers.getAll(FORWARDED_FOR);
        if (forwarded.isEmpty()) {
            return peerAddress; // the proxy's own request (a health check), or one it did not mark
        }
        String hops = forwarded.get(forwarded.size() - 1); // a proxy adds its own line after any the client sent
        String last = hops.substring(hops.lastIndexOf(',') + 1).trim();
        if (last.startsWith("[") && last.endsWith("]")) {
            last = last.substring(1, last.length() - 1);
        }
        InetAddress client = NetUtil.createInetAddressFromIpAddressString(last);
        return client == null ? peerAddress : client.getHostAddress();
    }

    private boolean trusted(InetSocketAddress peer) {
        for (IpSubnetFilterRule proxy : proxies) {
            if (proxy.matches(peer)) {
                return true;
            }
        }
        return false;
    }
}
