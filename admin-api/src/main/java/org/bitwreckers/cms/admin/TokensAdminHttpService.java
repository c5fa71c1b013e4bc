package org.bitwreckers.cms.admin;

import java.util.Map;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.auth.ApiTokenService;
import org.bitwreckers.cms.core.auth.TokenScope;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * API token management: create (the token is in the response, once), list, revoke.
 */
final class TokensAdminHttpService implements HttpService {
    /**
     * Body of a token creation.
     *
     * @param name  what the token is for
     * @param scope preview, read or full
     */
    public record TokenRequest(String name, String scope) {
    }

    private final ApiTokenService tokens;
    private final JsonBody body;

    TokensAdminHttpService(ApiTokenService tokens, JsonBody body) {
        this.tokens = tokens;
        this.body = body;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .any("/", ErrorHandling::methodNotAllowed)
                .delete("/{id}", this::revoke)
                .any("/{id}", ErrorHandling::methodNotAllowed);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Responses.json(res, Status.OK_200, Envelope.success("[" + String.join(",", tokens.list()) + "]", "OK"));
    }

    private void create(ServerRequest req, ServerResponse res) {
        TokenRequest request = body.read(req, TokenRequest.class);
        TokenScope scope = request.scope() == null ? null : TokenScope.parse(request.scope()).orElse(null);
        if (scope == null) {
            throw CmsException.validation(Map.of("scope", "must be preview, read or full"));
        }
        String created = tokens.create(request.name(), scope, AdminAuthentication.principal(req).name());
        Responses.json(res, Status.CREATED_201, Envelope.success(created, "Token created; copy it now, it is not shown again"));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        long id = RequestParams.id(req, "id");
        tokens.revoke(id);
        Responses.json(res, Status.OK_200, Envelope.success("{\"id\":" + id + "}", "Token revoked"));
    }
}
