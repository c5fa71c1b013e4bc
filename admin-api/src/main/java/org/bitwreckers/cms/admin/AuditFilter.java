package org.bitwreckers.cms.admin;

import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import org.bitwreckers.cms.core.audit.AuditLog;
import org.bitwreckers.cms.core.auth.Principal;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.DocumentService;
import org.bitwreckers.cms.core.identity.UserAdministration;

/**
 * Records every successful admin write in the audit log: who, what, when, and for documents and users the record
 * before and after (for users only id, role and state: the log is readable by editors, who do not read user records).
 * Reads are not recorded; request bodies are not either (they may carry secrets).
 */
final class AuditFilter implements Filter {
    private static final Logger LOG = Logger.getLogger(AuditFilter.class.getName());
    private static final Pattern DOCUMENT = Pattern.compile("/admin/v1/content/([a-z][a-z0-9_]*)/(\\d{1,18})(/.*)?");
    private static final Pattern USER = Pattern.compile("/admin/v1/users/(\\d{1,18})");

    private final AuditLog audit;
    private final ContentTypeRegistry registry;
    private final DocumentService documents;
    private final UserAdministration users;

    AuditFilter(AuditLog audit, ContentTypeRegistry registry, DocumentService documents, UserAdministration users) {
        this.audit = audit;
        this.registry = registry;
        this.documents = documents;
        this.users = users;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Method method = req.prologue().method();
        String path = req.path().absolute().path();
        if (method == Method.GET || method == Method.HEAD || method == Method.OPTIONS || !path.startsWith("/admin/v1/")) {
            chain.proceed();
            return;
        }
        Target target = target(path);
        String before = snapshot(target);
        // recorded as the answer starts to go out (the handler's work is done, its status set), not after it was sent:
        // a client that reads the log right after its write finds the entry
        res.streamFilter(out -> {
            record(req, res.status().code(), method, path, target, before);
            return out;
        });
        chain.proceed();
    }

    private void record(RoutingRequest req, int status, Method method, String path, Target target, String before) {
        if (status >= 400) {
            return;
        }
        try {
            String actor = req.context().get(Principal.class).map(Principal::name).orElse("unknown");
            audit.record(new AuditLog.Entry(actor, method.text(), path, status, target == null ? null : target.type(),
                                            target == null ? null : target.id(), before, snapshot(target)));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not write the audit log entry for " + method.text() + " " + path, e);
        }
    }

    private record Target(String type, long id) {
    }

    private static Target target(String path) {
        Matcher document = DOCUMENT.matcher(path);
        if (document.matches()) {
            return new Target(document.group(1), Long.parseLong(document.group(2)));
        }
        Matcher user = USER.matcher(path);
        return user.matches() ? new Target("user", Long.parseLong(user.group(1))) : null;
    }

    private String snapshot(Target target) {
        if (target == null) {
            return null;
        }
        try {
            if (target.type().equals("user")) {
                return users.auditRecord(target.id());
            }
            return registry.find(target.type()).map(t -> documents.admin(t, target.id())).orElse(null);
        } catch (RuntimeException e) {
            return null; // not there (before a create, after a delete)
        }
    }
}
