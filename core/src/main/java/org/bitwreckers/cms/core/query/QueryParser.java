package org.bitwreckers.cms.core.query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.value.ValueFormats;

/**
 * Turns request query parameters into a {@link ListQuery}, checking every name and value against the descriptor.
 * Every problem is collected; the caller gets one 400 naming each bad parameter.
 *
 * <pre>
 * filter[category]=web                 equality
 * filter[date][gte]=2025-01-01T00:00Z  operators: eq ne in lt lte gt gte contains exists
 * filter[category][in]=web,ai          comma-separated values
 * sort=-date,title  (or date:desc)     multi-field sort
 * page=2&amp;pageSize=10                   pagination (pageSize at most 100)
 * cursor=eyJk...                       keyset paging: nextCursor or prevCursor of an answer with the same sort
 * fields=title,category                field selection
 * populate=author,author.company       relation population (at most 3 levels; * = every relation)
 * </pre>
 */
public final class QueryParser {
    private static final Pattern FILTER = Pattern.compile("filter\\[([^\\[\\]]+)](?:\\[([^\\[\\]]+)])?");
    private static final int MAX_IN_VALUES = 100;
    private static final int MAX_VALUE_LENGTH = 500;
    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,30}(\\.\\d{1,30})?");

    private final ContentType type;
    private final ContentTypeRegistry registry;
    private final View view;
    private final Map<String, String> problems = new LinkedHashMap<>();

    private QueryParser(ContentType type, ContentTypeRegistry registry, View view) {
        this.type = type;
        this.registry = registry;
        this.view = view;
    }

    /**
     * Parses list query parameters.
     *
     * @param type       queried type
     * @param registry   all types (relation targets)
     * @param view       who reads (private fields are unknown to the delivery views)
     * @param params     query parameters
     * @param ownParams  further parameter names the endpoint handles itself (left alone here)
     * @return the query
     * @throws CmsException BAD_REQUEST with one detail per bad parameter
     */
    public static ListQuery parse(ContentType type, ContentTypeRegistry registry, View view,
                                  Map<String, List<String>> params, Set<String> ownParams) {
        return new QueryParser(type, registry, view).parse(params, ownParams);
    }

    /**
     * Parses only the shape parameters of a single-document read (fields, populate).
     *
     * @param type      queried type
     * @param registry  all types
     * @param view      who reads
     * @param params    query parameters
     * @param ownParams further parameter names the endpoint handles itself
     * @return a query with just fields and populate set
     */
    public static ListQuery parseItem(ContentType type, ContentTypeRegistry registry, View view,
                                      Map<String, List<String>> params, Set<String> ownParams) {
        QueryParser parser = new QueryParser(type, registry, view);
        for (String name : params.keySet()) {
            if (!name.equals("fields") && !name.equals("populate") && !ownParams.contains(name) && !name.startsWith("_")) {
                parser.problems.put(name, "is not a parameter of this endpoint (fields, populate)");
            }
        }
        Populate populate = parser.populate(single(params, "populate"));
        ListQuery query = new ListQuery(List.of(), List.of(), 1, 1,
                                        withPopulated(parser.fields(single(params, "fields")), populate), populate);
        parser.failIfProblems();
        return query;
    }

    private ListQuery parse(Map<String, List<String>> params, Set<String> ownParams) {
        List<Filter> filters = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String name = e.getKey();
            Matcher m = FILTER.matcher(name);
            if (m.matches()) {
                for (String value : e.getValue()) {
                    filter(name, m.group(1), m.group(2), value).ifPresent(filters::add);
                }
            } else if (!Set.of("sort", "page", "pageSize", "fields", "populate", "cursor").contains(name)
                    && !ownParams.contains(name) && !name.startsWith("_")) {
                problems.put(name, "is not a query parameter (filter[field][op], sort, page, pageSize, cursor, fields,"
                        + " populate)");
            }
        }
        List<Sort> sorts = sorts(single(params, "sort"));
        int page = integer(params, "page", 1, 1, 1_000_000);
        int pageSize = integer(params, "pageSize", ListQuery.DEFAULT_PAGE_SIZE, 1, ListQuery.MAX_PAGE_SIZE);
        Populate populate = populate(single(params, "populate"));
        Optional<List<String>> fields = withPopulated(fields(single(params, "fields")), populate);
        Optional<Cursor> cursor = cursor(single(params, "cursor"), sorts, params.containsKey("page"));
        failIfProblems();
        return new ListQuery(List.copyOf(filters), sorts, page, pageSize, fields, populate, cursor);
    }

    private Optional<Cursor> cursor(Optional<String> token, List<Sort> sorts, boolean paged) {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        if (paged) {
            problems.put("cursor", "cannot be combined with page (a cursor says where the page starts)");
        }
        if (problems.containsKey("sort")) {
            return Optional.empty(); // the sort it belongs to is not known
        }
        try {
            return Optional.of(Cursor.decode(token.get().strip(), QueryCompiler.keys(sorts, view)));
        } catch (Cursor.Refused e) {
            problems.put("cursor", e.getMessage());
            return Optional.empty();
        }
    }

    /** A populated relation is selected too, or populating it would silently do nothing. */
    private static Optional<List<String>> withPopulated(Optional<List<String>> fields, Populate populate) {
        if (fields.isEmpty() || populate.isEmpty()) {
            return fields;
        }
        Set<String> names = new LinkedHashSet<>(fields.get());
        populate.children().keySet().forEach(f -> names.add(f.name()));
        return Optional.of(List.copyOf(names));
    }

    private void failIfProblems() {
        if (!problems.isEmpty()) {
            throw CmsException.badRequest("Invalid query parameters", problems);
        }
    }

    private Optional<Column> column(String param, String name) {
        Optional<Column> column = Column.resolve(type, name)
                .filter(c -> !(view.hidesPrivate() && c.field().map(FieldDefinition::privateField).orElse(false)));
        if (column.isEmpty()) {
            problems.put(param, "'" + name + "' is not a field of " + type.name());
        }
        return column;
    }

    private Optional<Filter> filter(String param, String fieldName, String opText, String value) {
        Optional<Column> resolved = column(param, fieldName);
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        Column column = resolved.get();
        if (!column.system() && !column.field().get().filterable()) {
            problems.put(param, "'" + fieldName + "' is not filterable (the descriptor must mark it \"filterable\")");
            return Optional.empty();
        }
        Operator op = opText == null ? Operator.EQ : Operator.parse(opText).orElse(null);
        if (op == null) {
            problems.put(param, "unknown operator '" + opText + "' (eq, ne, in, lt, lte, gt, gte, contains, exists)");
            return Optional.empty();
        }
        String refusal = operatorRefusal(column, op);
        if (refusal != null) {
            problems.put(param, refusal);
            return Optional.empty();
        }
        if (value.indexOf('\u0000') >= 0) {
            problems.put(param, "value contains a NUL character");
            return Optional.empty();
        }
        if (value.length() > MAX_VALUE_LENGTH * (op == Operator.IN ? MAX_IN_VALUES : 1)) {
            problems.put(param, "value is too long");
            return Optional.empty();
        }
        List<Object> values = new ArrayList<>();
        if (op == Operator.EXISTS) {
            if (!value.equals("true") && !value.equals("false")) {
                problems.put(param, "exists takes true or false");
                return Optional.empty();
            }
            values.add(Boolean.parseBoolean(value));
        } else if (op == Operator.IN) {
            String[] parts = value.split(",", -1);
            if (parts.length > MAX_IN_VALUES) {
                problems.put(param, "in takes at most " + MAX_IN_VALUES + " values");
                return Optional.empty();
            }
            for (String part : parts) {
                Object parsed = value(param, column, op, part);
                if (parsed == null) {
                    return Optional.empty();
                }
                values.add(parsed);
            }
        } else {
            Object parsed = value(param, column, op, value);
            if (parsed == null) {
                return Optional.empty();
            }
            values.add(parsed);
        }
        return Optional.of(new Filter(column, op, List.copyOf(values)));
    }

    private static String operatorRefusal(Column column, Operator op) {
        boolean list = column.list();
        FieldType type = column.type();
        return switch (op) {
            case EXISTS -> null;
            case CONTAINS -> list || type.kind() == FieldType.Kind.TEXT && type != FieldType.ENUM ? null
                    : "contains applies to text and list fields";
            case LT, LTE, GT, GTE -> !list && (type.kind() == FieldType.Kind.NUMBER || type.kind() == FieldType.Kind.TEMPORAL
                    || column.numeric()) ? null : op.text() + " applies to number and date fields";
            case EQ, NE, IN -> list || type == FieldType.JSON ? op.text() + " does not apply to list fields; use contains"
                    : null;
        };
    }

    /** Parses one value to the column's type; records a problem and returns null when it does not fit. */
    private Object value(String param, Column column, Operator op, String raw) {
        FieldType type = column.type();
        if (op == Operator.CONTAINS && column.list() && type == FieldType.RELATION || column.numeric()) {
            // Checked by shape before parsing: a value like 1e64000000 would otherwise cost seconds of CPU.
            if (type == FieldType.NUMBER) {
                if (!DECIMAL.matcher(raw.strip()).matches()) {
                    problems.put(param, "'" + raw + "' is not a number (plain digits, at most 30 before and after the point)");
                    return null;
                }
                return new BigDecimal(raw.strip());
            }
            if (!WHOLE.matcher(raw.strip()).matches()) {
                problems.put(param, "'" + raw + "' is not a whole number of at most 18 digits");
                return null;
            }
            return Long.parseLong(raw.strip()); // a Long, so id = ? can use the primary key
        }
        if (type == FieldType.BOOLEAN) {
            if (!raw.equals("true") && !raw.equals("false")) {
                problems.put(param, "'" + raw + "' is not true or false");
                return null;
            }
            return Boolean.parseBoolean(raw);
        }
        if (type == FieldType.DATETIME) {
            String normalised = ValueFormats.normaliseDatetime(raw);
            if (normalised == null && ValueFormats.isDate(raw)) {
                normalised = raw + "T00:00:00.000Z";
            }
            if (normalised == null) {
                problems.put(param, "'" + raw + "' is not a date or ISO-8601 datetime with an offset");
            }
            return normalised;
        }
        if (type == FieldType.DATE && !ValueFormats.isDate(raw)) {
            problems.put(param, "'" + raw + "' is not a date such as 2025-03-01");
            return null;
        }
        if (type == FieldType.ENUM && op != Operator.CONTAINS) {
            List<String> allowed = column.field().orElseThrow().values();
            if (!allowed.contains(raw)) {
                problems.put(param, "'" + raw + "' is not one of " + String.join(", ", allowed));
                return null;
            }
        }
        return raw;
    }

    private List<Sort> sorts(Optional<String> text) {
        if (text.isEmpty() || text.get().isBlank()) {
            return List.of();
        }
        List<Sort> sorts = new ArrayList<>();
        for (String part : text.get().split(",")) {
            String item = part.strip();
            boolean desc = false;
            if (item.startsWith("-")) {
                desc = true;
                item = item.substring(1);
            } else if (item.endsWith(":desc")) {
                desc = true;
                item = item.substring(0, item.length() - ":desc".length());
            } else if (item.endsWith(":asc")) {
                item = item.substring(0, item.length() - ":asc".length());
            }
            Optional<Column> column = column("sort", item);
            if (column.isEmpty()) {
                return List.of();
            }
            if (!column.get().system() && !column.get().field().get().sortable()) {
                problems.put("sort", "'" + item + "' is not sortable (the descriptor must mark it \"sortable\")");
                return List.of();
            }
            sorts.add(new Sort(column.get(), desc));
        }
        if (sorts.size() > 5) {
            problems.put("sort", "at most 5 sort keys");
        }
        return List.copyOf(sorts);
    }

    private Optional<List<String>> fields(Optional<String> text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String part : text.get().split(",")) {
            String name = part.strip();
            if (ContentType.SYSTEM_FIELDS.contains(name)) {
                continue; // always returned
            }
            Optional<FieldDefinition> field = type.field(name)
                    .filter(f -> !(view.hidesPrivate() && f.privateField()));
            if (field.isEmpty()) {
                problems.put("fields", "'" + name + "' is not a field of " + type.name());
                return Optional.empty();
            }
            names.add(name);
        }
        return Optional.of(List.copyOf(names));
    }

    private Populate populate(Optional<String> text) {
        Populate root = new Populate(type, new LinkedHashMap<>());
        if (text.isEmpty() || text.get().isBlank()) {
            return root;
        }
        for (String path : text.get().split(",")) {
            String trimmed = path.strip();
            if (trimmed.equals("*")) {
                for (FieldDefinition f : type.fields()) {
                    if (f.type() == FieldType.RELATION && allowedTarget(f)) {
                        root.children().putIfAbsent(f, new Populate(registry.find(f.relationTo().get()).get(),
                                                                    new LinkedHashMap<>()));
                    }
                }
                continue;
            }
            String[] segments = trimmed.split("\\.");
            if (segments.length > Populate.MAX_DEPTH) {
                problems.put("populate", "'" + trimmed + "' is deeper than " + Populate.MAX_DEPTH + " levels");
                return root;
            }
            Populate node = root;
            for (String segment : segments) {
                Optional<FieldDefinition> field = node.type().field(segment)
                        .filter(f -> f.type() == FieldType.RELATION && allowedTarget(f))
                        .filter(f -> !(view.hidesPrivate() && f.privateField()));
                if (field.isEmpty()) {
                    problems.put("populate", "'" + segment + "' is not a relation field of " + node.type().name());
                    return root;
                }
                ContentType target = registry.find(field.get().relationTo().get()).orElseThrow();
                node = node.children().computeIfAbsent(field.get(), f -> new Populate(target, new LinkedHashMap<>()));
            }
        }
        return root;
    }

    private boolean allowedTarget(FieldDefinition field) {
        ContentType target = registry.find(field.relationTo().orElseThrow()).orElseThrow();
        return view == View.ADMIN || target.publiclyReadable();
    }

    private int integer(Map<String, List<String>> params, String name, int fallback, int min, int max) {
        Optional<String> text = single(params, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get().strip());
            if (value < min || value > max) {
                problems.put(name, "must be between " + min + " and " + max);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            problems.put(name, "must be a whole number");
            return fallback;
        }
    }

    private static Optional<String> single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
    }
}
