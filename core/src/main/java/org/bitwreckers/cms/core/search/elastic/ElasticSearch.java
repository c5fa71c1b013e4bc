package org.bitwreckers.cms.core.search.elastic;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.logging.Logger;

import io.helidon.dbclient.DbClient;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.IndexState;
import co.elastic.clients.elasticsearch.indices.update_aliases.Action;
import co.elastic.clients.json.JsonData;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.search.CheckedQuery;
import org.bitwreckers.cms.core.search.RebuildProgress;
import org.bitwreckers.cms.core.search.SearchEngine;

/**
 * Search on an Elasticsearch cluster, through the official client, answering exactly like the embedded engine.
 *
 * <p>Writes go through each type's write alias with an external version from {@link SourceDocuments}, so the
 * newest state wins whatever order jobs finish in. A rebuild fills a new index per type while the old one keeps
 * answering: the write alias moves first, the read alias moves (and the old index goes) in one atomic step at the end.
 */
public final class ElasticSearch implements SearchEngine {
    private static final Logger LOG = Logger.getLogger(ElasticSearch.class.getName());
    private static final int BATCH = 500;
    private static final String VERSION_CONFLICT = "version_conflict_engine_exception";

    private final ContentTypeRegistry registry;
    private final SourceDocuments source;
    private final IndexLayout layout;
    private final Cluster cluster;

    /**
     * @param db       database client (the documents are read from there)
     * @param registry content types
     * @param settings search settings; the Elasticsearch URL must be set
     */
    public ElasticSearch(DbClient db, ContentTypeRegistry registry, Settings.Search settings) {
        this.registry = registry;
        this.source = new SourceDocuments(db);
        this.layout = new IndexLayout(settings.indexPrefix(), settings.analyzer());
        this.cluster = new Cluster(settings.elasticsearchUrl().orElseThrow(), settings.apiKey(), 2000);
    }

    @Override
    public void whenReachableAgain(Consumer<Instant> action) {
        cluster.whenBack(action);
    }

    /** Creates missing indexes and aliases; a missing, half-built or differently mapped index asks for a rebuild. */
    @Override
    public boolean prepare() {
        boolean rebuild = false;
        for (ContentType type : indexedTypes()) {
            Map<String, IndexState> indices = indices(type);
            Optional<String> reading = holding(indices, layout.readAlias(type.name()));
            Optional<String> writing = holding(indices, layout.writeAlias(type.name()));
            if (reading.isEmpty() && writing.isEmpty()) {
                String index = create(type);
                aliases(List.of(add(index, layout.writeAlias(type.name()), true),
                                add(index, layout.readAlias(type.name()), false)));
                rebuild = true;
            } else if (reading.isEmpty() || writing.isEmpty()) {
                // a rebuild stopped half way, or someone removed an alias: give both to the same index, then rebuild
                String index = reading.orElseGet(writing::orElseThrow);
                aliases(List.of(reading.isEmpty() ? add(index, layout.readAlias(type.name()), false)
                                        : add(index, layout.writeAlias(type.name()), true)));
                rebuild = true;
            } else if (!reading.equals(writing)) {
                LOG.info("A rebuild of the " + type.name() + " index stopped half way; it will be rebuilt");
                rebuild = true;
            } else if (!layout.fingerprint(type).equals(fingerprint(indices.get(reading.get())))) {
                LOG.info("The search mapping of " + type.name() + " changed; its index will be rebuilt");
                rebuild = true;
            }
        }
        return rebuild;
    }

    @Override
    public void reindex(String typeName, long id) {
        reindex(typeName, List.of(id));
    }

    /** A batch (a bulk import's documents) in one bulk request per 500 documents. */
    @Override
    public void reindex(String typeName, List<Long> ids) {
        ContentType type = registry.find(typeName).filter(IndexLayout::indexed).orElse(null);
        if (type == null || ids.isEmpty()) {
            return;
        }
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<Long> part = ids.subList(from, Math.min(ids.size(), from + BATCH));
            // read first: whatever index holds an alias after this gets the entries
            SourceDocuments.Batch batch = source.some(part);
            Map<Long, SourceDocuments.Row> rows = new HashMap<>();
            batch.rows().forEach(row -> rows.put(row.id(), row));
            List<BulkOperation> ops = new ArrayList<>();
            for (String index : writeTargets(type)) {
                for (long id : part) {
                    for (Scope scope : Scope.values()) {
                        String entryId = IndexLayout.entryId(scope, id);
                        Optional<JsonObject> entry = Optional.ofNullable(rows.get(id))
                                .flatMap(row -> layout.entry(type, row, scope));
                        ops.add(entry.isPresent() ? index(index, entryId, batch.version(), entry.get())
                                        : BulkOperation.of(o -> o.delete(d -> d.index(index).id(entryId)
                                                .version(batch.version()).versionType(VersionType.ExternalGte))));
                    }
                }
            }
            check(cluster.call(c -> c.bulk(b -> b.operations(ops))), type);
        }
    }

    /** During a rebuild searches read the old index and writes fill the new one: an entry goes to both. */
    private Set<String> writeTargets(ContentType type) {
        Set<String> targets = new TreeSet<>();
        Set<String> aliases = Set.of(layout.readAlias(type.name()), layout.writeAlias(type.name()));
        cluster.call(c -> c.indices().getAlias(g -> g.index(layout.indexPattern(type.name())))).aliases()
                .forEach((index, held) -> {
                    if (held.aliases().keySet().stream().anyMatch(aliases::contains)) {
                        targets.add(index);
                    }
                });
        if (targets.isEmpty()) {
            throw new IllegalStateException("Elasticsearch has no index for " + type.name()
                                                    + "; it is created when the platform starts or the cluster is back");
        }
        return targets;
    }

    @Override
    public void rebuild(RebuildProgress progress) {
        for (ContentType type : indexedTypes()) {
            rebuild(type, progress);
        }
    }

    private void rebuild(ContentType type, RebuildProgress progress) {
        Map<String, IndexState> old = indices(type);
        String index = create(type);
        // from now on index jobs write to the new index; searches still read the old one
        List<Action> moveWrites = new ArrayList<>();
        holding(old, layout.writeAlias(type.name()))
                .ifPresent(i -> moveWrites.add(Action.of(a -> a.remove(r -> r.index(i).alias(layout.writeAlias(type.name()))))));
        moveWrites.add(add(index, layout.writeAlias(type.name()), true));
        aliases(moveWrites);
        long after = 0;
        long written = 0;
        while (true) {
            SourceDocuments.Batch batch = source.after(type.name(), after, BATCH);
            if (batch.rows().isEmpty()) {
                break;
            }
            List<BulkOperation> ops = new ArrayList<>();
            for (SourceDocuments.Row row : batch.rows()) {
                for (Scope scope : Scope.values()) {
                    layout.entry(type, row, scope).ifPresent(e -> ops.add(
                            index(index, IndexLayout.entryId(scope, row.id()), batch.version(), e)));
                }
                after = row.id();
            }
            if (!ops.isEmpty()) {
                check(cluster.call(c -> c.bulk(b -> b.operations(ops))), type);
                written += ops.size();
                progress.indexed(type.name(), written);
            }
        }
        cluster.call(c -> c.indices().refresh(r -> r.index(index)));
        // one atomic step: searches move to the complete new index and the old ones go
        List<Action> swap = new ArrayList<>();
        swap.add(add(index, layout.readAlias(type.name()), false));
        old.keySet().forEach(i -> swap.add(Action.of(a -> a.removeIndex(r -> r.index(i)))));
        aliases(swap);
    }

    @Override
    public String search(Query asked) {
        CheckedQuery query = CheckedQuery.of(registry, asked);
        List<String> aliases = query.searchedTypes(registry).stream().map(t -> layout.readAlias(t.name())).toList();
        if (aliases.isEmpty()) {
            return query.answer(JsonValue.EMPTY_JSON_ARRAY, 0, JsonValue.EMPTY_JSON_OBJECT);
        }
        String body = ElasticQuery.body(query, registry.all().size());
        SearchRequest request = SearchRequest.of(b -> b.index(aliases).ignoreUnavailable(true).allowNoIndices(true)
                .withJson(new StringReader(body)));
        SearchResponse<JsonData> response;
        try {
            response = cluster.call(c -> c.search(request, JsonData.class));
        } catch (ElasticsearchException e) {
            // the cluster's own limits (clauses, analysed length) refuse some queries PostgreSQL would run
            LOG.fine("Elasticsearch refused a search: " + e.getMessage());
            throw CmsException.badRequest("This search is too complex; use fewer words",
                                          Map.of("q", "refused by the search engine"));
        }
        JsonArrayBuilder results = Jsons.createArrayBuilder();
        for (Hit<JsonData> hit : response.hits().hits()) {
            results.add(result(hit));
        }
        Map<String, Long> counts = new TreeMap<>();
        Aggregate facetCounts = response.aggregations().get(ElasticQuery.FACETS);
        if (facetCounts != null) { // absent when no index answered
            facetCounts.sterms().buckets().array().forEach(b -> counts.put(b.key().stringValue(), b.docCount()));
        }
        JsonObjectBuilder facets = Jsons.createObjectBuilder();
        counts.forEach(facets::add);
        long total = response.hits().total() == null ? 0 : response.hits().total().value();
        return query.answer(results.build(), total, facets.build());
    }

    private static JsonObject result(Hit<JsonData> hit) {
        JsonObject entry = hit.source().toJson().asJsonObject();
        String title = plain(entry.get("title"));
        List<String> marked = new ArrayList<>(hit.highlight().getOrDefault("title", List.of()));
        new TreeMap<>(hit.highlight()).forEach((field, fragments) -> {
            if (!field.equals("title")) {
                marked.addAll(fragments);
            }
        });
        String highlight = marked.isEmpty() ? ElasticQuery.escape(title)
                : String.join(" … ", marked.subList(0, Math.min(3, marked.size())));
        double score = hit.score() == null ? 0 : hit.score();
        return Jsons.createObjectBuilder()
                .add("id", entry.getJsonNumber("id"))
                .add("type", entry.getString("type"))
                .add("slug", entry.getOrDefault("slug", JsonValue.NULL))
                .add("title", title)
                .add("rank", BigDecimal.valueOf(score).setScale(6, RoundingMode.HALF_UP))
                .add("highlight", highlight)
                .build();
    }

    /** A title as text: lists (a strings field first) are joined. */
    private static String plain(JsonValue value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value != null && value.getValueType() == JsonValue.ValueType.ARRAY) {
            return String.join(", ", value.asJsonArray().stream().map(IndexLayout::textOf).toList());
        }
        return "";
    }

    private List<ContentType> indexedTypes() {
        return registry.all().stream().filter(IndexLayout::indexed).toList();
    }

    private Map<String, IndexState> indices(ContentType type) {
        return cluster.call(c -> c.indices().get(g -> g.index(layout.indexPattern(type.name())))).indices();
    }

    private static Optional<String> holding(Map<String, IndexState> indices, String alias) {
        return indices.entrySet().stream().filter(e -> e.getValue().aliases().containsKey(alias)).map(Map.Entry::getKey)
                .findFirst();
    }

    private static String fingerprint(IndexState index) {
        JsonData value = index.mappings() == null ? null : index.mappings().meta().get("fingerprint");
        return value == null ? "" : value.toJson().toString().replace("\"", "");
    }

    private String create(ContentType type) {
        String index = layout.newIndex(type.name(), System.currentTimeMillis());
        String body = layout.indexBody(type);
        try {
            cluster.call(c -> c.indices().create(r -> r.index(index).withJson(new StringReader(body))));
        } catch (ElasticsearchException e) {
            if (e.status() == 400 && !"resource_already_exists_exception".equals(e.error().type())) {
                throw new SettingsException(List.of("Elasticsearch refused the index of " + type.name() + " ("
                                                            + e.error().reason() + "); check ELASTICSEARCH_ANALYZER"));
            }
            throw e;
        }
        return index;
    }

    private static Action add(String index, String alias, boolean write) {
        return Action.of(a -> a.add(r -> r.index(index).alias(alias).isWriteIndex(write ? Boolean.TRUE : null)));
    }

    private void aliases(List<Action> actions) {
        cluster.call(c -> c.indices().updateAliases(u -> u.actions(actions)));
    }

    private static BulkOperation index(String target, String id, long version, JsonObject entry) {
        return BulkOperation.of(o -> o.index(i -> i.index(target).id(id).version(version)
                .versionType(VersionType.ExternalGte).document(JsonData.of(entry))));
    }

    /** A newer entry winning is expected; any other refusal fails the job, which retries. */
    private static void check(BulkResponse response, ContentType type) {
        if (!response.errors()) {
            return;
        }
        for (BulkResponseItem item : response.items()) {
            if (item.error() != null && !VERSION_CONFLICT.equals(item.error().type())) {
                // for example an index a finishing rebuild just dropped: the retry writes to the new one
                throw new IllegalStateException("Elasticsearch refused an entry of " + type.name() + ": "
                                                        + item.error().type() + ": " + item.error().reason());
            }
        }
    }

    @Override
    public Optional<String> problem() {
        return cluster.problem();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
