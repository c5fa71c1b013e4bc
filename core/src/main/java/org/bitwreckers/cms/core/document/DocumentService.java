package org.bitwreckers.cms.core.document;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbTransaction;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.db.SharedCommits;
import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.media.MediaLinks;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.paging.Pages;
import org.bitwreckers.cms.core.query.ListQuery;
import org.bitwreckers.cms.core.query.View;
import org.postgresql.util.PSQLException;

/**
 * The document write path: create, replace, patch, publish, unpublish, roll back, delete. Each call is one
 * transaction that validates first, writes the document and a version row, and notifies other nodes;
 * nothing is half-written when it fails.
 */
public final class DocumentService {
    /** Slug making, compiled once: a bulk import makes a slug for each of its thousands of documents. */
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
    private static final Pattern OUTER_DASHES = Pattern.compile("(^-+|-+$)");
    private static final Pattern TRAILING_DASHES = Pattern.compile("-+$");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final int MAX_SLUG = 120;
    static final String SLUG_RULE = "must be lower-case letters and digits joined by single '-', not only digits"
            + " (those address ids), at most " + MAX_SLUG + " characters";
    private static final Set<String> WRITE_KEYS = Set.of("slug", "data", "version");
    private static final String UNIQUE_VIOLATION = "23505";
    /**
     * Submissions' shared transactions: at most this many at once (each holds a pooled connection), of this many
     * submissions at most. See docs/performance.md, "Submissions committed together".
     */
    static final int SUBMISSION_WRITERS = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final int SUBMISSIONS_PER_COMMIT = 50;

    private final DbClient db;
    private final DocumentReader reader;
    private final ContentChanges changes;
    private final List<SubmissionListener> submissionListeners;
    private final List<ContentEventListener> eventListeners;
    private final DocumentRepository repository = new DocumentRepository();
    /**
     * Types whose published documents this thread's transaction changed: this node's cached reads of them are dropped
     * once it commits. Other nodes hear of it from the database (migration V32), and so does this one a moment later;
     * this is for a writer who reads right after. Drafts are never cached, so a draft's write drops nothing.
     */
    private final ThreadLocal<Set<String>> touched = new ThreadLocal<>();
    /** What the shared transaction (of submissions) running in this thread tells its listeners once its units ran. */
    private final ThreadLocal<Held> deferred = new ThreadLocal<>();
    private final SharedCommits submissions = new SharedCommits("bitwreckers-submissions", this::inSharedTransaction,
                                                                SUBMISSION_WRITERS, SUBMISSIONS_PER_COMMIT);
    private volatile WriteHooks hooks = WriteHooks.NONE;
    private volatile String mediaUrlBase = "/media/";

    /**
     * @param db                  database client
     * @param reader              reads documents back in the admin shape
     * @param changes             generations to bump after each change
     * @param submissionListeners told about each public submission, in its transaction
     * @param eventListeners      told about every content event, in its transaction (webhooks)
     */
    public DocumentService(DbClient db, DocumentReader reader, ContentChanges changes,
                           List<SubmissionListener> submissionListeners, List<ContentEventListener> eventListeners) {
        this.db = db;
        this.reader = reader;
        this.changes = changes;
        this.submissionListeners = List.copyOf(submissionListeners);
        this.eventListeners = List.copyOf(eventListeners);
    }

    /**
     * Installs the hooks every write runs (workflows, plugins). Called once at start, before serving.
     *
     * @param hooks the hooks
     */
    public void useHooks(WriteHooks hooks) {
        this.hooks = hooks;
    }

    /**
     * @param urlBase the start of media file URLs besides {@code /media/} (the CDN or PUBLIC_URL), for media fields
     */
    public void useMediaUrlBase(String urlBase) {
        this.mediaUrlBase = urlBase;
    }

    /** @return the hooks every write runs (the bulk import runs them per item) */
    WriteHooks hooks() {
        return hooks;
    }

    /** @return the media URL base media field values may start with */
    String mediaUrlBase() {
        return mediaUrlBase;
    }

    /** @return the listeners told about every content event */
    List<ContentEventListener> eventListeners() {
        return eventListeners;
    }

    /** @return the generations bumped after each change */
    ContentChanges changes() {
        return changes;
    }

    private void emit(DbTransaction tx, ContentEventListener.Event event, ContentType type, long id) {
        Held later = deferred.get();
        if (later != null) {
            later.events().add(new Emitted(event, type, id));
            return;
        }
        eventListeners.forEach(l -> l.changed(tx, event, type, id));
    }

    /** A content event held until its shared transaction's units have all run. */
    private record Emitted(ContentEventListener.Event event, ContentType type, long id) {
    }

    /**
     * What a shared transaction's units left to tell: content events, and submissions for the listeners that take
     * them {@linkplain SubmissionListener.Together together}.
     */
    private record Held(List<Emitted> events, List<SubmissionListener.Submission> submissions) {
    }

    /**
     * The held events, one batch per type and event: a listener queues the work of all of them at once (one search
     * index job, one look for webhooks that want the event), in the transaction, before it commits.
     */
    private void emitTogether(DbTransaction tx, List<Emitted> events) {
        Map<String, List<Emitted>> byKind = new LinkedHashMap<>();
        for (Emitted e : events) {
            byKind.computeIfAbsent(e.type().name() + '\u0000' + e.event(), kind -> new ArrayList<>()).add(e);
        }
        for (List<Emitted> kind : byKind.values()) {
            Emitted first = kind.getFirst();
            List<Long> ids = kind.stream().map(Emitted::id).toList();
            eventListeners.forEach(l -> l.changed(tx, List.of(first.event()), first.type(), ids));
        }
    }

    /**
     * Creates a draft document.
     *
     * @param type   content type
     * @param body   {@code {"slug"?: "...", "data": {...}}}
     * @param author who writes
     * @return the document in the admin shape
     */
    public String create(ContentType type, JsonValue body, String author) {
        Map<String, String> problems = new LinkedHashMap<>();
        JsonObject request = requestObject(body, problems);
        DocumentValidator.Checked data = withEarlier(problems, DocumentValidator.check(type, request.get("data")));
        refuseEarly(type, data);
        long id = inTransaction(type, tx -> insert(tx, type, request, data, "create", author, Optional.empty()));
        return admin(type, id);
    }

    /**
     * Creates a submission from the public (stored as a draft, never published).
     *
     * @param type content type of kind submission
     * @param data submitted fields
     * @return id of the stored submission
     */
    public long submit(ContentType type, JsonValue data) {
        return submit(type, data, Optional.empty());
    }

    /**
     * Stores a submission; a signed-in submitter owns it and can list it later.
     *
     * @param type  content type of kind submission
     * @param data  submitted fields
     * @param owner the signed-in submitter's user id, if any
     * @return id of the stored submission
     */
    public long submit(ContentType type, JsonValue data, Optional<Long> owner) {
        DocumentValidator.Checked valid = DocumentValidator.checkSubmission(type, data);
        refuseEarly(type, valid);
        String author = owner.map(o -> "user:" + o).orElse("public");
        if (touched.get() != null) { // it would commit apart from the caller's transaction
            throw new IllegalStateException("a transaction is already open in this thread");
        }
        // committed together with the submissions that arrive meanwhile: one commit for many in a burst
        try {
            return submissions.call(tx -> insert(tx, type, JsonValue.EMPTY_JSON_OBJECT, valid, "submit", author, owner));
        } catch (RuntimeException e) {
            throw translate(type, e);
        }
    }

    /**
     * Stores a new document inside a transaction the caller owns (plugins). Submission types are stored as
     * submissions (their onSubmit mails are queued); other types as drafts.
     *
     * @param tx     the caller's transaction (from {@link #transaction})
     * @param type   content type
     * @param data   the fields (validated here)
     * @param owner  the user it belongs to
     * @param author who writes
     * @return the new document's id
     */
    public long createIn(DbTransaction tx, ContentType type, JsonValue data, Optional<Long> owner, String author) {
        DocumentValidator.Checked valid = DocumentValidator.check(type, data);
        try {
            return insert(tx, type, JsonValue.EMPTY_JSON_OBJECT, valid, type.publishable() ? "create" : "submit", author,
                          owner);
        } catch (RuntimeException e) {
            throw translate(type, e); // a unique field says which, as a 409, inside a plugin's transaction too
        }
    }

    /**
     * Changes some fields inside a transaction the caller owns (plugins, workflows), with a version row. The
     * changed fields also reach the published copy: they are facts the platform maintains, not editorial drafts.
     *
     * @param tx     the caller's transaction
     * @param type   content type
     * @param id     document id
     * @param fields the fields to change (null clears one)
     * @param action version action name
     * @param author who writes
     * @return the stored data
     */
    public JsonObject patchIn(DbTransaction tx, ContentType type, long id, JsonObject fields, String action, String author) {
        JsonObject data;
        try {
            data = saveIn(tx, type, id, JsonValue.EMPTY_JSON_OBJECT, Map.of(),
                          current -> DocumentValidator.check(type, DocumentValidator.merge(current.data(), fields)),
                          action, author);
        } catch (RuntimeException e) {
            throw translate(type, e);
        }
        JsonObjectBuilder set = Jsons.createObjectBuilder();
        List<String> removed = new ArrayList<>();
        for (String key : fields.keySet()) {
            if (data.containsKey(key)) {
                set.add(key, data.get(key));
            } else {
                removed.add(key);
            }
        }
        if (repository.patchPublished(tx, id, set.build().toString(), removed)) {
            touch(type);
        }
        return data;
    }

    /**
     * Locks a document for the rest of the caller's transaction.
     *
     * @param tx   the caller's transaction
     * @param type content type
     * @param id   document id
     * @return the document, if it exists
     */
    public Optional<StoredDocument> lockIn(DbTransaction tx, ContentType type, long id) {
        return repository.lock(tx, type, id);
    }

    /**
     * Runs work in one transaction; types written through {@link #createIn} or {@link #patchIn} have their cached
     * reads dropped after commit. Unlike the service's own writes, it is not run again when PostgreSQL rolls it back
     * for a concurrent transaction: the caller's work may keep state of its own, so the conflict reaches the caller.
     *
     * @param work the work
     * @param <T>  its result
     * @return the result
     */
    public <T> T transaction(Function<DbTransaction, T> work) {
        return inTransaction(null, false, work);
    }

    private long insert(DbTransaction tx, ContentType type, JsonObject request, DocumentValidator.Checked checked,
                        String action, String author, Optional<Long> owner) {
        JsonObject valid = checkReferences(tx, type, checked, JsonValue.EMPTY_JSON_OBJECT);
        WriteHooks.Context ctx = new WriteHooks.Context(type, Optional.empty(), action,
                                                        JsonValue.EMPTY_JSON_OBJECT, author, owner);
        hooks.validate(ctx, valid);
        JsonObject hooked = revalidate(type, valid, hooks.beforeSave(tx, ctx, valid));
        JsonObject data = hooked == valid ? hooked
                : checkReferences(tx, type, new DocumentValidator.Checked(hooked, Map.of()), JsonValue.EMPTY_JSON_OBJECT);
        boolean submitted = action.equals("submit");
        String slug = submitted ? null : slug(tx, type, request, data, null, 0);
        long id = repository.insertWithFirstVersion(tx, type, slug, "draft", data.toString(), author, owner.orElse(null),
                                                    action);
        if (submitted) {
            Held later = deferred.get();
            if (later != null) {
                later.submissions().add(new SubmissionListener.Submission(type, id, data));
            }
            submissionListeners.stream().filter(l -> later == null || !(l instanceof SubmissionListener.Together))
                    .forEach(l -> l.submitted(tx, type, id, data));
            emit(tx, ContentEventListener.Event.SUBMITTED, type, id);
        } else {
            emit(tx, ContentEventListener.Event.CREATED, type, id);
        }
        hooks.afterSave(tx, ctx.withId(id), data);
        return id;
    }

    /** A hook that changed the data gets the same validation as anyone else. */
    private static JsonObject revalidate(ContentType type, JsonObject before, JsonObject after) {
        return after.equals(before) ? before : DocumentValidator.validate(type, after);
    }

    /** The transaction changes what published reads of the type show (see {@link #touched}). */
    private void touch(ContentType type) {
        Set<String> types = touched.get();
        if (types != null) {
            types.add(type.name());
        }
    }

    /**
     * Replaces a document's data (all fields).
     *
     * @param type   content type
     * @param id     document id
     * @param body   {@code {"slug"?, "data": {...}, "version"?: expected current version}}
     * @param author who writes
     * @return the document in the admin shape
     */
    public String replace(ContentType type, long id, JsonValue body, String author) {
        Map<String, String> problems = new LinkedHashMap<>();
        JsonObject request = requestObject(body, problems);
        DocumentValidator.Checked data = DocumentValidator.check(type, request.get("data"));
        return save(type, id, request, problems, current -> data, "update", author);
    }

    /**
     * Changes some fields of a document; a null value clears a field.
     *
     * @param type   content type
     * @param id     document id
     * @param body   {@code {"slug"?, "data": {...some fields}, "version"?}}
     * @param author who writes
     * @return the document in the admin shape
     */
    public String patch(ContentType type, long id, JsonValue body, String author) {
        Map<String, String> problems = new LinkedHashMap<>();
        JsonObject request = requestObject(body, problems);
        JsonValue patch = request.containsKey("data") ? request.get("data") : JsonValue.EMPTY_JSON_OBJECT;
        if (patch.getValueType() != JsonValue.ValueType.OBJECT) {
            problems.put("data", "must be a JSON object of the fields to change");
            throw CmsException.validation(problems);
        }
        return save(type, id, request, problems,
                    current -> DocumentValidator.check(type, DocumentValidator.merge(current.data(), patch.asJsonObject())),
                    "update", author);
    }

    /**
     * Publishes the current draft: the delivery API serves this snapshot until the next publish or unpublish.
     *
     * @param type   content type
     * @param id     document id
     * @param author who publishes
     * @return the document in the admin shape
     */
    public String publish(ContentType type, long id, String author) {
        requirePublishable(type);
        inTransaction(type, tx -> {
            StoredDocument doc = lock(tx, type, id);
            repository.publish(tx, doc.id(), author);
            touch(type);
            emit(tx, ContentEventListener.Event.PUBLISHED, type, doc.id());
            return doc.id();
        });
        return admin(type, id);
    }

    /**
     * Withdraws a document from the delivery API; its draft stays.
     *
     * @param type   content type
     * @param id     document id
     * @param author who unpublishes
     * @return the document in the admin shape
     */
    public String unpublish(ContentType type, long id, String author) {
        requirePublishable(type);
        inTransaction(type, tx -> {
            StoredDocument doc = lock(tx, type, id);
            repository.unpublish(tx, doc.id(), author);
            touch(type);
            emit(tx, ContentEventListener.Event.UNPUBLISHED, type, doc.id());
            return doc.id();
        });
        return admin(type, id);
    }

    /**
     * Restores the data of an earlier version as a new version (history is never rewritten).
     *
     * @param type    content type
     * @param id      document id
     * @param version version to restore
     * @param author  who rolls back
     * @return the document in the admin shape
     */
    public String rollback(ContentType type, long id, int version, String author) {
        String old = repository.version(db.execute(), id, version)
                .orElseThrow(() -> CmsException.notFound("Document " + id + " has no version " + version));
        JsonObject oldVersion = JsonText.object(old);
        // The type may have changed since: the old data must still be valid today.
        DocumentValidator.Checked data = DocumentValidator.check(type, oldVersion.get("data"));
        return save(type, id, JsonValue.EMPTY_JSON_OBJECT, Map.of(), current -> data, "rollback:" + version, author);
    }

    /**
     * Deletes a document and its history; hooks hear about it in the same transaction.
     *
     * @param type   content type
     * @param id     document id
     * @param author who deletes
     */
    public void delete(ContentType type, long id, String author) {
        inTransaction(type, tx -> {
            StoredDocument doc = lock(tx, type, id);
            emit(tx, ContentEventListener.Event.DELETED, type, doc.id());
            if (doc.status().equals("published")) {
                touch(type);
            }
            repository.delete(tx, doc.id());
            hooks.afterDelete(tx, new WriteHooks.Context(type, Optional.of(id), "delete", doc.data(), author,
                                                         Optional.ofNullable(doc.ownerId())), doc.data());
            return doc.id();
        });
    }

    /**
     * @param type content type
     * @param id   document id
     * @return the document in the admin shape
     */
    public String admin(ContentType type, long id) {
        return reader.item(type, Long.toString(id), ListQuery.shapeOnly(), View.ADMIN);
    }

    /**
     * @param ownerId  the signed-in user
     * @param page     1-based page
     * @param pageSize per page
     * @return the user's own submissions, newest first (their type, status and what they sent)
     */
    public Page submissionsOf(long ownerId, int page, int pageSize) {
        return Pages.read(db.execute().query(
                "SELECT jsonb_build_object('id', id, 'type', type, 'status', data->>'status', 'data', data, 'created_at',"
                        + " " + SqlTime.iso("created_at") + ", 'updated_at',"
                        + " " + SqlTime.iso("updated_at") + ")::text AS doc,"
                        + " count(*) OVER () AS total FROM documents WHERE owner_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
                ownerId, pageSize, (long) (page - 1) * pageSize), page, pageSize);
    }

    /**
     * @param type content type
     * @param id   document id
     * @return version summaries, newest first
     */
    public List<String> versions(ContentType type, long id) {
        admin(type, id);
        return repository.versions(db.execute(), id);
    }

    /**
     * @param type    content type
     * @param id      document id
     * @param version version number
     * @return that version with its data
     */
    public String version(ContentType type, long id, int version) {
        admin(type, id);
        return repository.version(db.execute(), id, version)
                .orElseThrow(() -> CmsException.notFound("Document " + id + " has no version " + version));
    }

    private String save(ContentType type, long id, JsonObject request, Map<String, String> requestProblems,
                        Function<StoredDocument, DocumentValidator.Checked> newData, String action, String author) {
        inTransaction(type, tx -> saveIn(tx, type, id, request, requestProblems, newData, action, author));
        return admin(type, id);
    }

    private JsonObject saveIn(DbTransaction tx, ContentType type, long id, JsonObject request,
                              Map<String, String> requestProblems, Function<StoredDocument, DocumentValidator.Checked> newData,
                              String action, String author) {
        {
            StoredDocument current = lock(tx, type, id);
            JsonValue expected = request.get("version");
            if (expected != null && !(expected instanceof JsonNumber)) {
                throw CmsException.validation(Map.of("version", "must be the version number you read"));
            }
            if (expected != null && !(((JsonNumber) expected).bigDecimalValue().compareTo(
                    BigDecimal.valueOf(current.version())) == 0)) {
                throw CmsException.conflict("The document changed since you read it (current version "
                                                    + current.version() + ")", Map.of("version", "is not the current version"));
            }
            JsonObject changed = checkReferences(tx, type, withEarlier(requestProblems, newData.apply(current)),
                                                 current.data());
            WriteHooks.Context ctx = new WriteHooks.Context(type, Optional.of(id), action, current.data(), author,
                                                            Optional.ofNullable(current.ownerId()));
            hooks.validate(ctx, changed);
            JsonObject hooked = revalidate(type, changed, hooks.beforeSave(tx, ctx, changed));
            JsonObject data = hooked == changed ? hooked
                    : checkReferences(tx, type, new DocumentValidator.Checked(hooked, Map.of()), current.data());
            String slug = slug(tx, type, request, data, current.slug(), id);
            int version = current.version() + 1;
            repository.update(tx, id, slug, data.toString(), version, author);
            repository.insertVersion(tx, id, version, action, slug, data.toString(), author);
            emit(tx, ContentEventListener.Event.UPDATED, type, id);
            hooks.afterSave(tx, ctx, data);
            return data;
        }
    }

    private StoredDocument lock(DbTransaction tx, ContentType type, long id) {
        return repository.lock(tx, type, id)
                .orElseThrow(() -> CmsException.notFound("No " + type.name() + " with id " + id));
    }

    private <T> T inTransaction(ContentType type, Function<DbTransaction, T> work) {
        return inTransaction(type, true, work);
    }

    private <T> T inTransaction(ContentType type, boolean retryConflicts, Function<DbTransaction, T> work) {
        if (touched.get() != null) {
            throw new IllegalStateException("a transaction is already open in this thread");
        }
        Set<String> types = new LinkedHashSet<>();
        touched.set(types);
        T result;
        try {
            // the service's own writes run again after a conflict; work handed in by others may keep state
            result = retryConflicts ? Transactions.callAgainOnConflict(db, work::apply) : Transactions.call(db, work::apply);
        } catch (RuntimeException e) {
            throw translate(type, e);
        } finally {
            touched.remove();
        }
        types.forEach(changes::changed);
        return result;
    }

    /** @return submissions waiting for a shared transaction (for tests) */
    int submissionsWaiting() {
        return submissions.waiting();
    }

    /**
     * A transaction of submissions (of any types: each insert names its own). Their content events are told to the
     * listeners together once every unit has run: a burst's index jobs and webhook checks are one per commit; so are
     * the submissions to the listeners that take them together (their mails: one statement).
     */
    private <T> T inSharedTransaction(Function<DbTransaction, T> work) {
        return inTransaction(null, tx -> {
            Held held = new Held(new ArrayList<>(), new ArrayList<>());
            deferred.set(held);
            try {
                T result = work.apply(tx);
                for (SubmissionListener l : submissionListeners) {
                    if (l instanceof SubmissionListener.Together together && !held.submissions().isEmpty()) {
                        together.submittedTogether(tx, held.submissions());
                    }
                }
                emitTogether(tx, held.events());
                return result;
            } finally {
                deferred.remove();
            }
        });
    }

    /** A unique index refused the write: say which field, as a 409. */
    static RuntimeException translate(ContentType type, RuntimeException e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        if (type != null && cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
            String constraint = sql instanceof PSQLException p && p.getServerErrorMessage() != null
                    ? p.getServerErrorMessage().getConstraint() : null;
            for (FieldDefinition f : type.fields()) {
                if (f.unique() && IndexNames.unique(type, f).equals(constraint)) {
                    return CmsException.conflict("Another " + type.name() + " already has this " + f.name(),
                                                 Map.of(f.name(), "must be unique"));
                }
            }
            return CmsException.conflict("Another " + type.name() + " already has this slug", Map.of("slug", "must be unique"));
        }
        return e;
    }

    /**
     * Checks the request around the data (its keys and slug), recording problems rather than stopping at them, so
     * the refusal also names the data's problems.
     */
    private static JsonObject requestObject(JsonValue body, Map<String, String> problems) {
        if (body == null || body.getValueType() != JsonValue.ValueType.OBJECT) {
            throw CmsException.validation(Map.of("body", "must be a JSON object {\"slug\"?, \"data\": {...}}"));
        }
        for (String key : body.asJsonObject().keySet()) {
            if (!WRITE_KEYS.contains(key)) {
                problems.put(key, "is not accepted here (slug, data, version); put fields inside \"data\"");
            }
        }
        JsonValue slug = body.asJsonObject().get("slug");
        if (slug != null && slug.getValueType() != JsonValue.ValueType.NULL && !validSlug(slug)) {
            problems.put("slug", SLUG_RULE);
        }
        return body.asJsonObject();
    }

    static boolean validSlug(JsonValue given) {
        String slug = given instanceof JsonString s ? s.getString() : "";
        return slug.length() <= MAX_SLUG && SLUG.matcher(slug).matches() && !slug.chars().allMatch(Character::isDigit);
    }

    /** Problems of the request come first; the data's own follow (a request key never hides a field's problem). */
    private static DocumentValidator.Checked withEarlier(Map<String, String> earlier, DocumentValidator.Checked checked) {
        if (earlier.isEmpty()) {
            return checked;
        }
        Map<String, String> problems = new LinkedHashMap<>(earlier);
        checked.problems().forEach(problems::putIfAbsent);
        return new DocumentValidator.Checked(checked.data(), problems);
    }

    /** A new document already refused is refused before a transaction opens (its reference checks read outside one). */
    private void refuseEarly(ContentType type, DocumentValidator.Checked checked) {
        if (!checked.problems().isEmpty()) {
            checkReferences(db.execute(), type, checked, JsonValue.EMPTY_JSON_OBJECT);
        }
    }

    /**
     * Adds the checks that need the database (relation targets and media assets exist) to the problems already
     * found, and refuses the write naming all of them at once.
     *
     * @return the data to store (media values as paths), when there is no problem at all
     */
    private JsonObject checkReferences(DbExecute tx, ContentType type, DocumentValidator.Checked checked,
                                       JsonObject before) {
        Map<String, String> problems = new LinkedHashMap<>(checked.problems());
        checkRelations(tx, type, checked.data(), before, problems);
        JsonObject stored = checkMedia(tx, type, checked.data(), before, problems);
        return new DocumentValidator.Checked(stored, problems).orThrow();
    }

    /** Ids the write adds must exist; ids already there stay valid even if their target was deleted since. */
    private void checkRelations(DbExecute tx, ContentType type, JsonObject data, JsonObject before,
                                Map<String, String> problems) {
        Map<FieldDefinition, Set<Long>> existing = DocumentValidator.relationIds(type, before);
        DocumentValidator.relationIds(type, data).forEach((field, ids) -> {
            List<Long> list = new ArrayList<>(ids);
            list.removeAll(existing.getOrDefault(field, Set.of()));
            if (list.isEmpty()) {
                return;
            }
            String target = field.relationTo().orElseThrow();
            if (repository.countExisting(tx, target, list) != list.size()) {
                problems.putIfAbsent(field.name(), "refers to a " + target + " that does not exist");
            }
        });
    }

    /**
     * A media field holds the URL of an asset in the library (its path, or its URL under the current base); values the
     * write adds must name an asset that exists, and are stored as the path alone. Values already stored stay valid.
     */
    private JsonObject checkMedia(DbExecute tx, ContentType type, JsonObject data, JsonObject before,
                                  Map<String, String> problems) {
        JsonObjectBuilder stored = Jsons.createObjectBuilder(data);
        for (FieldDefinition field : type.fields()) {
            if (field.type() != FieldType.MEDIA
                    || !(data.get(field.name()) instanceof JsonString value) || value.equals(before.get(field.name()))) {
                continue;
            }
            Optional<String> key = MediaLinks.key(value.getString(), mediaUrlBase);
            if (key.isEmpty() || !repository.mediaExists(tx, key.get())) {
                problems.putIfAbsent(field.name(), "must be the URL of an asset in the media library (upload it with"
                        + " POST /admin/v1/media, then use its url)");
            } else {
                stored.add(field.name(), MediaLinks.PATH + key.get()); // the base is added when answering
            }
        }
        JsonObject normalised = stored.build();
        return normalised.equals(data) ? data : normalised;
    }

    /** The slug given, the one kept, or one derived from the slugFrom field and made unique with a number. */
    private String slug(DbTransaction tx, ContentType type, JsonObject request, JsonObject data, String currentSlug,
                        long id) {
        JsonValue given = request.get("slug");
        if (given != null && given.getValueType() != JsonValue.ValueType.NULL) {
            String slug = given instanceof JsonString s ? s.getString() : "";
            if (!validSlug(given)) {
                throw CmsException.validation(Map.of("slug", SLUG_RULE));
            }
            if (repository.slugTaken(tx, type, slug, id)) {
                throw CmsException.conflict("Another " + type.name() + " already has this slug",
                                            Map.of("slug", "must be unique"));
            }
            return slug;
        }
        if (currentSlug != null || type.slugFrom().isEmpty()) {
            return currentSlug;
        }
        JsonValue source = data.get(type.slugFrom().get());
        String base = source instanceof JsonString s ? slugify(s.getString()) : "";
        if (base.isEmpty()) {
            return null;
        }
        if (base.chars().allMatch(Character::isDigit)) {
            base = type.name().replace('_', '-') + "-" + base; // "2024" would read as an id
        }
        String candidate = base;
        for (int n = 2; repository.slugTaken(tx, type, candidate, id); n++) {
            candidate = base + "-" + n;
        }
        return candidate;
    }

    /**
     * @param text any text
     * @return a URL slug made from it (accents dropped, lower case, words joined by '-')
     */
    public static String slugify(String text) {
        String ascii = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        String slug = OUTER_DASHES.matcher(NOT_SLUG.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("-")).replaceAll("");
        return slug.length() > 80 ? TRAILING_DASHES.matcher(slug.substring(0, 80)).replaceAll("") : slug;
    }

    private static void requirePublishable(ContentType type) {
        if (!type.publishable()) {
            throw CmsException.badRequest(type.name() + " is a submission type: its documents are never published");
        }
    }
}
