package org.bitwreckers.cms.core.identity;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.DescriptorException;
import org.bitwreckers.cms.core.content.DescriptorParser;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The site's roles file: what each role may do, and every mistake in it named at once. */
class RoleTableTest {

    @Test
    void theSitesRolesGrantWhatTheSecurityPageSays() {
        RoleTable roles = RoleTable.load(Path.of("../content-types"));
        assertThat(roles.names(), containsInAnyOrder("admin", "editor", "expert", "mentor", "graduate", "student"));
        for (Permission p : Permission.values()) {
            assertThat(roles.allows("admin", p), is(true));
        }
        assertThat(roles.allows("editor", Permission.CONTENT), is(true));
        assertThat(roles.allows("editor", Permission.MEDIA), is(true));
        assertThat(roles.allows("editor", Permission.USERS), is(false));
        assertThat(roles.allows("editor", Permission.SUBSCRIBERS), is(false));
        assertThat(roles.allows("expert", Permission.WORKFLOWS), is(true));
        assertThat(roles.allows("expert", Permission.CONTENT), is(false));
        assertThat(roles.allows("student", Permission.WORKFLOWS), is(false));
        assertThat(roles.allows("nobody", Permission.CONTENT), is(false));
        assertThat(roles.reviewers(), contains("expert", "graduate", "mentor", "student"));
    }

    @Test
    void aFolderWithoutARolesFileHasAdminsOnly(@TempDir Path dir) {
        RoleTable roles = RoleTable.load(dir);
        assertThat(roles.names(), contains("admin"));
        assertThat(roles.allows("editor", Permission.CONTENT), is(false));
    }

    @Test
    void everyProblemOfTheFileIsNamedAtOnce() {
        DescriptorException e = assertThrows(DescriptorException.class, () -> RoleTable.parse(json("""
                {"roles": {
                  "admin": {"permissions": ["content"]},
                  "Bad Name": {"permissions": []},
                  "helper": {"permissions": ["content", "launch-rockets"]},
                  "guest": {}}}"""), "roles.json"));
        assertThat(e.getMessage(), containsString("roles.json"));
        assertThat(e.getMessage(), containsString("'admin' must be declared with \"permissions\": \"*\""));
        assertThat(e.getMessage(), containsString("'Bad Name'"));
        assertThat(e.getMessage(), containsString("unknown permission \"launch-rockets\""));
        assertThat(e.getMessage(), containsString("'guest': \"permissions\" must be a list"));
        assertThat(e.getMessage(), containsString("'editor' must be declared"));
        assertThrows(DescriptorException.class, () -> RoleTable.parse(json("{\"roles\": {}}"), "roles.json"));
    }

    @Test
    void descriptorsMayNameAsReviewersOnlyRolesThatCannotReadContentAnyway() {
        RoleTable roles = RoleTable.load(Path.of("../content-types"));
        String descriptor = """
                {"name": "pitch", "access": {"review": ["%s"]}, "fields": [{"name": "title", "type": "string"}]}""";
        roles.checkReviewers(ContentTypeRegistry.of(List.of(DescriptorParser.parse(json(descriptor.formatted("mentor")),
                                                                                   "types/pitch.json"))));
        for (String role : List.of("editor", "admin", "nobody")) {
            ContentTypeRegistry registry = ContentTypeRegistry.of(List.of(DescriptorParser.parse(
                    json(descriptor.formatted(role)), "types/pitch.json")));
            DescriptorException e = assertThrows(DescriptorException.class, () -> roles.checkReviewers(registry));
            assertThat(e.getMessage(), containsString("types/pitch.json"));
            assertThat(e.getMessage(), containsString("expert, graduate, mentor, student (got '" + role + "'"));
        }
    }

    private static JsonObject json(String text) {
        return Jsons.createReader(new StringReader(text)).readObject();
    }
}
