package org.bitwreckers.cms.core.workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.document.DocumentService;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.document.StoredDocument;
import org.bitwreckers.cms.core.document.WriteHooks;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.spi.Workflow;

/**
 * Moves documents through the workflows plugins define: only declared steps, only by the roles a step names, each
 * recorded with who, when and a note. While a type has a workflow, its state field changes through transitions
 * only; an editor's ordinary write that changes it is refused.
 */
public final class WorkflowService implements WriteHooks {
    private static final int MAX_NOTE = 2000;
    private static final Set<String> BODY_KEYS = Set.of("to", "note", "data");

    private final DbClient db;
    private final DocumentService documents;
    private final Map<String, Workflow> byType = new LinkedHashMap<>();
    private final WriteHooks hooks;

    /**
     * Who makes a transition.
     *
     * @param name recorded name ({@code user:<id>} or {@code token:...})
     * @param role the user's role; empty for API tokens, which act with full rights
     */
    public record Actor(String name, Optional<String> role) {
        boolean may(Workflow.Step step) {
            return role.map(r -> r.equals("admin") || step.roles().contains(r)).orElse(true);
        }
    }

    /**
     * @param db        database client
     * @param documents the document write path
     * @param workflows checked definitions
     * @param hooks     told about each transition (plugins)
     */
    public WorkflowService(DbClient db, DocumentService documents, List<Workflow> workflows, WriteHooks hooks) {
        this.db = db;
        this.documents = documents;
        this.hooks = hooks;
        workflows.forEach(w -> byType.put(w.type(), w));
    }

    /**
     * @param type a content type name
     * @return its workflow, if one is defined
     */
    public Optional<Workflow> of(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** @return every workflow */
    public List<Workflow> all() {
        return List.copyOf(byType.values());
    }

    /** @return every workflow as JSON */
    public String definitions() {
        JsonArrayBuilder list = Jsons.createArrayBuilder();
        for (Workflow w : byType.values()) {
            JsonArrayBuilder steps = Jsons.createArrayBuilder();
            w.steps().forEach(s -> steps.add(step(s)));
            list.add(Jsons.createObjectBuilder().add("type", w.type()).add("field", w.field()).add("steps", steps));
        }
        return list.build().toString();
    }

    private static JsonObjectBuilder step(Workflow.Step s) {
        return Jsons.createObjectBuilder().add("from", s.from()).add("to", s.to())
                .add("roles", Jsons.createArrayBuilder(s.roles().stream().sorted().toList()))
                .add("fields", Jsons.createArrayBuilder(s.fields().stream().sorted().toList()))
                .add("required", Jsons.createArrayBuilder(s.required().stream().sorted().toList()));
    }

    /**
     * @param type  content type
     * @param id    document id
     * @param actor who asks
     * @return the document's state, the steps the caller may take from it, and its history
     */
    public String state(ContentType type, long id, Actor actor) {
        Workflow workflow = workflow(type);
        boolean involved = actor.role().map(r -> r.equals("admin") || type.reviewers().contains(r)
                || workflow.steps().stream().anyMatch(s -> s.roles().contains(r))).orElse(true);
        if (!involved) {
            throw CmsException.forbidden("Your role (" + actor.role().orElse("-") + ") takes no part in the "
                                                 + type.name() + " workflow");
        }
        JsonObject data = documents.transaction(tx -> documents.lockIn(tx, type, id).map(StoredDocument::data))
                .orElseThrow(() -> CmsException.notFound("No " + type.name() + " with id " + id));
        String state = text(data.get(workflow.field()));
        JsonArrayBuilder next = Jsons.createArrayBuilder();
        workflow.steps().stream().filter(s -> s.from().equals(state) && actor.may(s)).forEach(s -> next.add(step(s)));
        return Jsons.createObjectBuilder().add("id", id).add("type", type.name()).add("field", workflow.field())
                .add("state", state).add("next", next).add("history", history(id)).build().toString();
    }

    private JsonArrayBuilder history(long id) {
        JsonArrayBuilder list = Jsons.createArrayBuilder();
        try (Stream<DbRow> rows = db.execute().query(
                "SELECT jsonb_build_object('from', from_state, 'to', to_state, 'note', note, 'actor', actor, 'at',"
                        + " " + SqlTime.iso("created_at") + ")::text AS t"
                        + " FROM workflow_transitions WHERE document_id = ? ORDER BY id", id)) {
            rows.forEach(r -> list.add(JsonText.object(r.column("t").get(String.class))));
        }
        return list;
    }

    /**
     * Makes a transition.
     *
     * @param type  content type
     * @param id    document id
     * @param body  {@code {"to": state, "note"?: text, "data"?: {fields the step may set}}}
     * @param actor who makes it
     * @return the document's state after it (as {@link #state})
     */
    public String transition(ContentType type, long id, JsonValue body, Actor actor) {
        Workflow workflow = workflow(type);
        if (body == null || body.getValueType() != JsonValue.ValueType.OBJECT) {
            throw CmsException.validation(Map.of("body", "must be a JSON object {\"to\", \"note\"?, \"data\"?}"));
        }
        JsonObject request = body.asJsonObject();
        Map<String, String> problems = new LinkedHashMap<>();
        request.keySet().stream().filter(k -> !BODY_KEYS.contains(k))
                .forEach(k -> problems.put(k, "is not accepted here (to, note, data)"));
        String to = request.get("to") instanceof JsonString s ? s.getString() : "";
        if (to.isEmpty()) {
            problems.put("to", "must name the state to move to");
        }
        JsonValue noteValue = request.getOrDefault("note", JsonValue.NULL);
        String note = noteValue instanceof JsonString s ? s.getString().strip() : "";
        if (!(noteValue instanceof JsonString) && noteValue.getValueType() != JsonValue.ValueType.NULL) {
            problems.put("note", "must be text");
        } else if (note.length() > MAX_NOTE) {
            problems.put("note", "must be at most " + MAX_NOTE + " characters");
        }
        JsonValue extra = request.getOrDefault("data", JsonValue.EMPTY_JSON_OBJECT);
        if (extra.getValueType() != JsonValue.ValueType.OBJECT) {
            problems.put("data", "must be a JSON object of the fields this step sets");
        }
        if (!problems.isEmpty()) {
            throw CmsException.validation(problems);
        }
        JsonObject fields = extra.asJsonObject();
        documents.transaction(tx -> {
            StoredDocument doc = documents.lockIn(tx, type, id)
                    .orElseThrow(() -> CmsException.notFound("No " + type.name() + " with id " + id));
            String from = text(doc.data().get(workflow.field()));
            Workflow.Step step = workflow.steps().stream().filter(s -> s.from().equals(from) && s.to().equals(to))
                    .findFirst().orElseThrow(() -> illegal(type, workflow, from, to));
            if (!actor.may(step)) {
                throw CmsException.forbidden("Your role (" + actor.role().orElse("-") + ") may not move a " + type.name()
                                                     + " from " + from + " to " + to + " (allowed: admin, "
                                                     + String.join(", ", step.roles().stream().sorted().toList()) + ")");
            }
            checkFields(step, fields);
            JsonObject patch = Jsons.createObjectBuilder(fields).add(workflow.field(), to).build();
            JsonObject data = documents.patchIn(tx, type, id, patch, "transition:" + to, actor.name());
            tx.dml("INSERT INTO workflow_transitions (document_id, type, field, from_state, to_state, note, actor)"
                           + " VALUES (?, ?, ?, ?, ?, ?, ?)", id, type.name(), workflow.field(), from, to, note, actor.name());
            hooks.onTransition(tx, new Context(type, Optional.of(id), "transition", doc.data(), actor.name(),
                                               Optional.ofNullable(doc.ownerId())), from, to, note, data);
            return id;
        });
        return state(type, id, actor);
    }

    private static void checkFields(Workflow.Step step, JsonObject fields) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (String key : fields.keySet()) {
            if (!step.fields().contains(key)) {
                problems.put("data." + key, step.fields().isEmpty() ? "this step sets no other fields"
                        : "this step may set only " + String.join(", ", step.fields().stream().sorted().toList()));
            }
        }
        for (String key : step.required()) {
            if (!fields.containsKey(key) || fields.get(key).getValueType() == JsonValue.ValueType.NULL) {
                problems.put("data." + key, "is required to move to " + step.to());
            }
        }
        if (!problems.isEmpty()) {
            throw CmsException.validation(problems);
        }
    }

    private static CmsException illegal(ContentType type, Workflow workflow, String from, String to) {
        List<String> allowed = workflow.steps().stream().filter(s -> s.from().equals(from)).map(Workflow.Step::to).toList();
        String message = from.equals(to) ? "This " + type.name() + " is already " + from
                : "A " + type.name() + " that is " + from + " cannot move to " + to
                + (allowed.isEmpty() ? " (" + from + " is final)" : " (from " + from + ": " + String.join(", ", allowed) + ")");
        return CmsException.conflict(message, Map.of("to", allowed.isEmpty() ? "no transitions from " + from
                : "must be one of " + String.join(", ", allowed)));
    }

    private Workflow workflow(ContentType type) {
        return of(type.name()).orElseThrow(() -> CmsException.notFound(type.name() + " has no workflow"
                                                                               + " (no running plugin defines one)"));
    }

    /** While a type has a workflow, its state changes only through transitions. */
    @Override
    public void validate(Context ctx, JsonObject data) {
        Workflow workflow = byType.get(ctx.type().name());
        if (workflow == null || ctx.action().startsWith("transition") || ctx.author().startsWith("plugin:")) {
            return;
        }
        if (ctx.id().isEmpty()) { // a new document starts in the initial state, however it is created
            String initial = ctx.type().field(workflow.field()).flatMap(f -> f.defaultValue()).map(WorkflowService::text)
                    .orElse("");
            if (!initial.isEmpty() && !initial.equals(text(data.get(workflow.field())))) {
                throw CmsException.conflict("A new " + ctx.type().name() + " starts as " + initial + "; later states"
                                                    + " are reached through its workflow",
                                            Map.of(workflow.field(), "must be " + initial + " when created"));
            }
            return;
        }
        if (!text(ctx.before().get(workflow.field())).equals(text(data.get(workflow.field())))) {
            throw CmsException.conflict(workflow.field() + " of a " + ctx.type().name() + " changes through its workflow:"
                                                + " POST /admin/v1/workflows/" + ctx.type().name() + "/" + ctx.id().get()
                                                + "/transitions", Map.of(workflow.field(), "is managed by the workflow"));
        }
    }

    private static String text(JsonValue value) {
        return value instanceof JsonString s ? s.getString() : "";
    }
}
