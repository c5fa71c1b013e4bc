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
        all.put("User", Schemas.fields("id:integer", "email", "full_name", "role", "university", "location",
                                       "is_active:boolean", "email_verified:boolean", "last_login_at", "created_at"));
        all.put("Invitation", Schemas.fields("id:integer", "email", "role", "invited_by:integer", "status", "user_id:integer",
                                             "created_at", "sent_at", "expires_at", "accepted_at", "revoked_at"));
        all.put("Token", Schemas.fields("id:integer", "name", "scope", "prefix", "token", "created_by", "created_at",
                                        "last_used_at", "revoked_at"));
        all.put("TypeDescriptor", Schemas.fields("name", "label", "description", "fields:array", "access:object"));
        all.put("Version", Schemas.fields("version:integer", "action", "slug", "author", "data:object", "created_at"));
        all.put("ScheduledAction", Schemas.fields("*type", "*id:integer", "slug", "*data:object", "*action", "*at"));
        all.put("TimelineEntry", Schemas.fields("at", "kind", "summary", "actor", "detail:object"));
        all.put("AdminSession", Schemas.fields("user:object", "role", "permissions:array", "routes:array", "access_token",
                                               "expires_in:integer"));
        all.put("Job", Schemas.fields("id:integer", "kind", "status", "attempts:integer", "max_attempts:integer",
                                      "last_error", "idempotency_key", "run_at", "created_at", "updated_at", "finished_at",
                                      "payload:object"));
        all.put("Mail", Schemas.fields("id:integer", "message_id", "recipient", "subject", "template", "status",
                                       "attempts:integer", "last_error", "created_at", "sent_at", "contains_secrets:boolean",
                                       "text_body", "html_body", "headers:object"));
        all.put("Asset", Schemas.fields("id:integer", "key", "url", "filename", "content_type", "kind", "size:integer",
                                        "width:integer", "height:integer", "alt", "caption", "variants:array",
                                        "uploaded_by", "created_at", "used_by:array"));
        all.put("Subscriber", Schemas.fields("id:integer", "email", "status", "created_at", "confirmed_at",
                                             "unsubscribed_at"));
        all.put("Issue", Schemas.fields("id:integer", "subject", "text", "status", "created_by", "audience:integer",
                                        "recipients:integer", "mail:object", "created_at", "sent_at"));
        all.put("Recipient", Schemas.fields("subscriber_id:integer", "email", "mail_id:integer", "status",
                                            "attempts:integer", "last_error", "sent_at"));
        all.put("Notification", Schemas.fields("id:integer", "title", "body", "link", "kind", "read_at", "created_at"));
        all.put("Plugin", Schemas.fields("id", "version", "description", "state", "failure", "jar", "contributes:object",
                                         "errors:integer", "lastError"));
        all.put("SearchResults", Schemas.fields("hits:array", "total:integer", "page:integer", "pageSize:integer"));
        all.put("Webhook", Schemas.fields("id:integer", "name", "url", "events:strings", "types:strings", "active:boolean",
                                          "secret", "created_at"));
        all.put("Delivery", Schemas.fields("id:integer", "event", "payload:object", "status", "attempts:integer",
                                           "response_status:integer", "last_error", "created_at", "delivered_at"));
        all.put("SearchRebuild", Schemas.fields("job:integer", "status", "attempts:integer", "last_error", "created_at",
                                                "updated_at", "finished_at"));
        all.put("WorkflowState", Schemas.fields("id:integer", "type", "field", "state", "next:array", "history:array"));
        all.put("AuditEntry", Schemas.fields("id:integer", "actor", "method", "path", "status:integer", "entity_type",
                                             "entity_id:integer", "before:object", "after:object", "created_at"));
        return all;
    }
}
