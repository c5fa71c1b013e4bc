package org.bitwreckers.cms.server;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.http.route.Schemas;

/**
 * The named schemas of the platform's own answers (accounts, jobs, mail, media...), shared by both OpenAPI documents.
 * They name the fields clients rely on; the answers may carry more.
 */
final class CommonSchemas {
    private CommonSchemas() {
    }

    /** @return every schema by name */
    static Map<String, JsonObject> all() {
        Map<String, JsonObject> all = new LinkedHashMap<>();
        all.put("Session", Schemas.fields("access_token", "refresh_token", "token_type", "expires_in:integer", "user:object"));
        all.put("Account", Schemas.fields("id:integer", "email", "full_name", "role", "university", "avatar_url", "bio",
                                          "location", "skills:array", "listed:boolean", "created_at"));
        all.put("User", Schemas.fields("id:integer", "email", "full_name", "role", "status", "listed:boolean",
                                       "last_login_at", "created_at"));
        all.put("Token", Schemas.fields("id:integer", "name", "scope", "token", "created_at", "expires_at", "revoked_at"));
        all.put("TypeDescriptor", Schemas.fields("name", "label", "description", "fields:array", "access:object"));
        all.put("Version", Schemas.fields("version:integer", "action", "slug", "author", "data:object", "created_at"));
        all.put("TimelineEntry", Schemas.fields("at", "kind", "summary", "actor", "detail:object"));
        all.put("AdminSession", Schemas.fields("user:object", "role", "permissions:array", "access_token",
                                               "expires_in:integer"));
        all.put("Job", Schemas.fields("id:integer", "kind", "state", "attempts:integer", "last_error", "run_at",
                                      "created_at", "payload:object"));
        all.put("Mail", Schemas.fields("id:integer", "to", "subject", "template", "status", "attempts:integer",
                                       "last_error", "created_at", "sent_at"));
        all.put("Asset", Schemas.fields("id:integer", "key", "url", "filename", "content_type", "kind", "size:integer",
                                        "width:integer", "height:integer", "alt", "caption", "variants:array", "created_at"));
        all.put("Subscriber", Schemas.fields("id:integer", "email", "name", "status", "created_at", "confirmed_at"));
        all.put("Issue", Schemas.fields("id:integer", "subject", "body", "status", "recipients:integer", "sent:integer",
                                        "created_at", "sent_at"));
        all.put("Notification", Schemas.fields("id:integer", "title", "body", "link", "kind", "read_at", "created_at"));
        all.put("Plugin", Schemas.fields("id", "version", "description", "state", "failure", "jar", "contributes:object"));
        all.put("SearchResults", Schemas.fields("hits:array", "total:integer", "page:integer", "pageSize:integer"));
        all.put("Webhook", Schemas.fields("id:integer", "url", "events:array", "types:array", "active:boolean", "secret",
                                          "created_at"));
        all.put("Delivery", Schemas.fields("id:integer", "event", "status:integer", "attempts:integer", "error",
                                           "created_at", "delivered_at"));
        all.put("WorkflowState", Schemas.fields("workflow", "state", "transitions:array", "history:array"));
        all.put("AuditEntry", Schemas.fields("id:integer", "actor", "action", "target", "details:object", "created_at"));
        return all;
    }
}
