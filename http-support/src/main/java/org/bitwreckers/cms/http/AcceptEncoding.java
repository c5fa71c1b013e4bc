package org.bitwreckers.cms.http;

import java.util.Locale;

/**
 * Reads a request's {@code Accept-Encoding} (RFC 9110 12.5.3): whether a gzip or brotli answer is welcome, and which
 * is preferred. Codings are case-insensitive, {@code x-gzip} is {@code gzip}, {@code *} stands for every coding not
 * named, and a weight of 0 means "not acceptable". A request without the header gets the answer as it is, as from
 * every common server.
 */
public final class AcceptEncoding {
    /** The codings a cached answer can be sent in. */
    public enum Coding { BROTLI, GZIP, IDENTITY }

    private AcceptEncoding() {
    }

    /**
     * @param header  the header's value, or null when absent
     * @param brotli  whether the answer has a brotli form
     * @param gzip    whether it has a gzip form
     * @return the coding to send: brotli where it is acceptable and weighed at least as gzip (it is smaller), else
     *         gzip where acceptable, else the answer as it is
     */
    public static Coding preferred(String header, boolean brotli, boolean gzip) {
        if (header == null) {
            return Coding.IDENTITY;
        }
        Weights weights = Weights.of(header);
        double br = weights.effective(weights.br);
        double gz = weights.effective(weights.gzip);
        if (brotli && weights.acceptable(weights.br) && (!gzip || br >= gz)) {
            return Coding.BROTLI;
        }
        return gzip && weights.acceptable(weights.gzip) ? Coding.GZIP : Coding.IDENTITY;
    }

    /** The weights a header gives gzip, brotli, {@code *} and identity; -1 where it names none. */
    private record Weights(double gzip, double br, double any, double identity) {
        static Weights of(String header) {
            double gzip = -1;
            double br = -1;
            double any = -1;
            double identity = -1;
            for (String element : header.split(",")) {
                String[] parts = element.split(";", -1);
                String coding = parts[0].strip().toLowerCase(Locale.ROOT);
                double weight = weight(parts);
                switch (coding) {
                    case "gzip", "x-gzip" -> gzip = Math.max(gzip, weight);
                    case "br" -> br = Math.max(br, weight);
                    case "*" -> any = weight;
                    case "identity" -> identity = weight;
                    default -> {
                    }
                }
            }
            return new Weights(gzip, br, any, identity);
        }

        /** @return a coding's weight, or that of {@code *} when the header does not name it */
        double effective(double named) {
            return named >= 0 ? named : any;
        }

        boolean acceptable(double named) {
            double chosen = effective(named);
            return chosen > 0 && chosen >= identity;
        }
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
