package org.bitwreckers.cms.core.webhook;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The webhook address filter over a table of IPv4 and IPv6 addresses: every special-purpose range refused, public
 * unicast allowed.
 */
class PublicAddressesTest {
    private static final List<String> REFUSED = List.of(
            "0.0.0.0", "0.1.2.3", "10.0.0.1", "100.64.0.1", "100.127.255.254", "127.0.0.1", "127.255.255.254",
            "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.88.99.1", "192.168.1.1",
            "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1",
            "255.255.255.255",
            "::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::7f00:1", "64:ff9b::808:808", "64:ff9b:1::1",
            "100::1", "fc00::1", "fd12:3456::1", "fe80::1", "fec0::1", "ff02::1", "2001::1", "2001:0:4136:e378::1",
            "2001:2::1", "2001:db8::1", "3fff::1", "2002:7f00:1::1", "2002:a00:1::1", "2002:c0a8:101::1");
    private static final List<String> ALLOWED = List.of(
            "8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
            "192.0.1.1", "198.17.255.255", "198.20.0.0", "223.255.255.254",
            "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "2002:808:808::1", "2001:4860:4860::8888");

    @Test
    void everySpecialPurposeAddressIsRefused() throws Exception {
        for (String literal : REFUSED) {
            assertThat(literal, PublicAddresses.isPublic(InetAddress.getByName(literal)), is(false));
        }
    }

    @Test
    void publicUnicastIsAllowed() throws Exception {
        for (String literal : ALLOWED) {
            assertThat(literal, PublicAddresses.isPublic(InetAddress.getByName(literal)), is(true));
        }
    }

    @Test
    void oneNonPublicAnswerRefusesTheName() throws Exception {
        assertThat(PublicAddresses.allPublic(InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.1.1.1")),
                   is(false));
        assertThat(PublicAddresses.allPublic(InetAddress.getAllByName("localhost")), is(false));
    }
}
