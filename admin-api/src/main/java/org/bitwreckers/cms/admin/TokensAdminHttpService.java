package org.bitwreckers.cms.admin;

import java.util.Map;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.auth.ApiTokenService;
import org.bitwreckers.cms.core.auth.TokenScope;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * API token management: create (the token is in the response, once), list, revoke.
 */
final class TokensAdminHttpService {
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

    void mounts(RouteTable.Builder t) {
        t.get("/admin/v1/tokens", this::list).needs(Permission.TOKENS).doc("listTokens", "API tokens (never their secret)")
                .returns(Schemas.arrayOf(Schemas.ref("Token")));
        t.post("/admin/v1/tokens", this::create).needs(Permission.TOKENS).doc("createToken", "Create an API token")
                .body(Schemas.fields("*name", "scope", "expires_at")).returns(201, Schemas.ref("Token")).errors(422);
        t.delete("/admin/v1/tokens/{id}", this::revoke).needs(Permission.TOKENS).doc("revokeToken", "Revoke a token")
                .returns(Schemas.ref("Token"));
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
