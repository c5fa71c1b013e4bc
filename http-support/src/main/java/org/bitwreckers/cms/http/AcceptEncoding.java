package org.bitwreckers.cms.http;

import java.util.Locale;

/**
 * Reads a request's {@code Accept-Encoding} (RFC 9110 12.5.3): whether a gzip answer is welcome. Codings are
 * case-insensitive, {@code x-gzip} is {@code gzip}, {@code *} stands for every coding not named, and a weight of 0
 * means "not acceptable". A request without the header gets the answer as it is, as from every common server.
 */
public final class AcceptEncoding {
    private AcceptEncoding() {
    }

    /**
     * @param header the header's value, or null when absent
     * @return whether gzip is acceptable and not weighed below an explicit {@code identity}
     */
    public static boolean gzip(String header) {
        if (header == null) {
            return false;
        }
        double gzip = -1;
        double any = -1;
        double identity = -1;
        for (String element : header.split(",")) {
            String[] parts = element.split(";", -1);
            String coding = parts[0].strip().toLowerCase(Locale.ROOT);
            double weight = weight(parts);
            switch (coding) {
                case "gzip", "x-gzip" -> gzip = Math.max(gzip, weight);
                case "*" -> any = weight;
                case "identity" -> identity = weight;
                default -> {
                }
            }
        }
        double chosen = gzip >= 0 ? gzip : any;
        return chosen > 0 && chosen >= identity;
    }

    /** @return the element's {@code q}, 1 without one, 0 for a malformed one (unreadable means unwanted) */
    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param.length == 2 && param[0].strip().equalsIgnoreCase("q")) {
                try {
                    double q = Double.parseDouble(param[1].strip());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
