package org.bitwreckers.cms.core.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses a webhook may call: only globally reachable unicast. Every IANA special-purpose range is refused
 * (IPv4 and IPv6 special-purpose address registries), so a webhook cannot reach this host, the private network, the
 * cloud metadata service or anything a NAT64, 6to4 or Teredo address would lead to.
 */
final class PublicAddresses {
    /** IPv4 ranges that are not globally reachable (broadcast 255.255.255.255 is inside 240.0.0.0/4). */
    private static final List<Range> SPECIAL_V4 = ranges(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4");
    /**
     * Global unicast IPv6. Everything outside it is refused: ::, ::1, IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96
     * and 64:ff9b:1::/48, discard 100::/64, unique-local fc00::/7, link-local fe80::/10, site-local fec0::/10,
     * multicast ff00::/8.
     */
    private static final Range GLOBAL_V6 = range("2000::/3");
    /** Special-purpose ranges inside global unicast: IETF protocol assignments (Teredo 2001::/32...), documentation. */
    private static final List<Range> SPECIAL_V6 = ranges("2001::/23", "2001:db8::/32", "3fff::/20");
    /** 6to4 carries an IPv4 address in bits 16-48; it is as public as that address. */
    private static final Range SIX_TO_FOUR = range("2002::/16");

    private PublicAddresses() {
    }

    /**
     * @param address a resolved address
     * @return whether it is globally reachable unicast
     */
    static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return SPECIAL_V4.stream().noneMatch(r -> r.contains(bytes));
        }
        if (!GLOBAL_V6.contains(bytes)) {
            return false;
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            byte[] embedded = Arrays.copyOfRange(bytes, 2, 6);
            return SPECIAL_V4.stream().noneMatch(r -> r.contains(embedded));
        }
        return SPECIAL_V6.stream().noneMatch(r -> r.contains(bytes));
    }

    /**
     * @param addresses every address a name resolved to
     * @return whether all are public (one private answer is enough to refuse the name)
     */
    static boolean allPublic(InetAddress... addresses) {
        return Arrays.stream(addresses).allMatch(PublicAddresses::isPublic);
    }

    private static List<Range> ranges(String... cidrs) {
        return Arrays.stream(cidrs).map(PublicAddresses::range).toList();
    }

    private static Range range(String cidr) {
        try {
            String[] parts = cidr.split("/");
            return new Range(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address literal: " + cidr, e);
        }
    }

    /** A network prefix. */
    private record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
