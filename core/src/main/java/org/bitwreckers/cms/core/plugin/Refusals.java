package org.bitwreckers.cms.core.plugin;

import java.util.Map;

import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.error.ErrorCode;
import org.bitwreckers.cms.spi.Refusal;

/** Maps a plugin's {@link Refusal} to the platform's error envelope. */
public final class Refusals {
    private Refusals() {
    }

    /**
     * @param refusal what the plugin threw
     * @return the matching platform error
     */
    public static CmsException toCms(Refusal refusal) {
        ErrorCode code = switch (refusal.kind()) {
            case BAD_REQUEST -> ErrorCode.BAD_REQUEST;
            case INVALID -> ErrorCode.VALIDATION_ERROR;
            case FORBIDDEN -> ErrorCode.FORBIDDEN;
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case CONFLICT -> ErrorCode.CONFLICT;
        };
        Map<String, String> details = refusal.details();
        return new CmsException(code, refusal.getMessage(), details);
    }
}
