package org.bitwreckers.cms.core.member;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.identity.RoleTable;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.media.MediaLinks;
import org.bitwreckers.cms.core.query.ListQuery;

/**
 * Community members: the public profiles of active user accounts. A member's profile is public unless they hide it
 * ({@code public_profile: false} on their own profile); staff accounts (admin, editor) are hidden unless they choose to
 * show theirs. E-mail addresses, hidden profiles, inactive accounts and anything private never leave this class; the
 * profile JSON is built by PostgreSQL from an explicit list of public columns, and the statistics count the same rows.
 */
public final class MemberDirectory {
    private static final String PROFILE = "jsonb_build_object('id', id, 'full_name', full_name, 'role', role,"
            + " 'university', university, 'avatar_url', avatar_url, 'bio', bio, 'location', location, 'skills', skills,"
            + " 'member_since', " + SqlTime.iso("created_at") + ")::text";
    private static final Set<String> PARAMS = Set.of("filter[role]", "filter[university]", "filter[skills][contains]",
                                                     "sort", "page", "pageSize");
    private static final Map<String, String> SORTS = Map.of("full_name", "full_name ASC", "-full_name", "full_name DESC",
                                                            "member_since", "created_at ASC", "-member_since",
                                                            "created_at DESC");

    /** Whether a user's profile is public (SQL over users): their choice, else community roles yes and staff no. */
    public static final String PUBLIC_PROFILE = "COALESCE(profile_public, role NOT IN ('admin', 'editor'))";
    /** The rows the directory shows, and every public count counts: one condition, written once. */
    private static final String VISIBLE = "is_active AND email_verified AND " + PUBLIC_PROFILE;

    private final DbClient db;
    private final MediaLinks media;
    private final List<String> roles;

    /**
     * @param db    database client
     * @param media builds the URLs of avatars uploaded to the library
     * @param roles the site's roles (a filter names one)
     */
    public MemberDirectory(DbClient db, MediaLinks media, RoleTable roles) {
        this.db = db;
        this.media = media;
        this.roles = roles.names().stream().sorted().toList();
    }

    /**
     * Lists active members' public profiles.
     *
     * @param params filter[role], filter[university], filter[skills][contains], sort (full_name, member_since, with
     *               '-' for descending), page, pageSize
     * @return one page
     * @throws CmsException BAD_REQUEST naming each bad parameter
     */
    public Page list(Map<String, List<String>> params) {
        return list(parse(params));
    }

    /**
     * A checked member query.
     *
     * @param where    SQL condition over fixed columns
     * @param values   its bound values
     * @param order    ORDER BY over fixed columns
     * @param page     1-based page
     * @param pageSize members per page
     */
    public record MemberQuery(String where, List<Object> values, String order, int page, int pageSize) {
    }

    /**
     * Checks the parameters of a member list without querying.
     *
     * @param params as for {@link #list(Map)}
     * @return the checked query
     * @throws CmsException BAD_REQUEST naming each bad parameter
     */
    public MemberQuery parse(Map<String, List<String>> params) {
        Map<String, String> problems = new LinkedHashMap<>();
        params.keySet().stream().filter(k -> !PARAMS.contains(k) && !k.startsWith("_"))
                .forEach(k -> problems.put(k, "is not a parameter of the member list (" + String.join(", ", PARAMS) + ")"));
        StringBuilder where = new StringBuilder(VISIBLE);
        List<Object> values = new ArrayList<>();
        single(params, "filter[role]").ifPresent(role -> {
            if (!roles.contains(role)) {
                problems.put("filter[role]", "must be one of " + String.join(", ", roles));
            }
            where.append(" AND role = ?");
            values.add(role);
        });
        single(params, "filter[university]").ifPresent(u -> {
            where.append(" AND university = ?");
            values.add(u);
        });
        single(params, "filter[skills][contains]").ifPresent(skill -> {
            where.append(" AND skills @> jsonb_build_array(?::text)");
            values.add(skill);
        });
        String sort = single(params, "sort").orElse("full_name");
        String order = SORTS.get(sort);
        if (order == null) {
            problems.put("sort", "must be one of " + String.join(", ", SORTS.keySet().stream().sorted().toList()));
        }
        int page = number(params, "page", 1, 1_000_000, problems);
        int pageSize = number(params, "pageSize", ListQuery.DEFAULT_PAGE_SIZE, ListQuery.MAX_PAGE_SIZE, problems);
        if (values.stream().anyMatch(v -> v.toString().indexOf('\u0000') >= 0)) {
            problems.put("filter", "values must not contain NUL characters");
        }
        if (!problems.isEmpty()) {
            throw CmsException.badRequest("Invalid query parameters", problems);
        }
        return new MemberQuery(where.toString(), List.copyOf(values), order, page, pageSize);
    }

    /**
     * @param query a checked query
     * @return one page of public profiles
     */
    public Page list(MemberQuery query) {
        List<Object> values = new ArrayList<>(query.values());
        String where = query.where();
        int page = query.page();
        int pageSize = query.pageSize();
        String order = query.order();
        values.add(pageSize);
        values.add((long) (page - 1) * pageSize);
        List<String> docs = new ArrayList<>();
        long total = 0;
        try (Stream<DbRow> rows = db.execute().query("SELECT " + PROFILE + " AS doc, count(*) OVER () AS total FROM users"
                                                             + " WHERE " + where + " ORDER BY " + order + ", id LIMIT ? OFFSET ?",
                                                     values.toArray())) {
            for (DbRow row : (Iterable<DbRow>) rows::iterator) {
                docs.add(media.withAvatar(JsonText.object(row.column("doc").get(String.class))).toString());
                total = row.column("total").get(Long.class);
            }
        }
        if (docs.isEmpty() && page > 1) {
            total = db.execute().get("SELECT count(*) AS n FROM users WHERE " + where,
                                     values.subList(0, values.size() - 2).toArray())
                    .orElseThrow().column("n").get(Long.class);
        }
        return new Page(docs, total, page, pageSize);
    }

    /** @return number of members the directory shows */
    public long publicCount() {
        return db.execute().get("SELECT count(*) AS n FROM users WHERE " + VISIBLE).orElseThrow().column("n").get(Long.class);
    }

    /** @return number of distinct universities among the members the directory shows */
    public long universities() {
        return db.execute().get("SELECT count(DISTINCT lower(university)) AS n FROM users WHERE " + VISIBLE)
                .orElseThrow().column("n").get(Long.class);
    }

    /**
     * Adds a demo member unless the e-mail address is taken.
     *
     * @param member full_name, email, role, university, avatar_url, bio, location, skills, is_active
     */
    public void addDemoMember(JsonObject member) {
        db.execute().dml("INSERT INTO users (email, full_name, role, university, avatar_url, bio, location, skills, is_active)"
                                 + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT DO NOTHING",
                         member.getString("email"), member.getString("full_name"), member.getString("role", "student"),
                         member.getString("university", null), member.getString("avatar_url", null),
                         member.getString("bio", null), member.getString("location", null),
                         member.getOrDefault("skills", JsonValue.EMPTY_JSON_ARRAY).toString(),
                         member.getBoolean("is_active", true));
    }

    private static Optional<String> single(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getLast());
    }

    private static int number(Map<String, List<String>> params, String name, int fallback, int max,
                              Map<String, String> problems) {
        Optional<String> text = single(params, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text.get());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.put(name, "must be a whole number from 1 to " + max);
        return fallback;
    }
}
