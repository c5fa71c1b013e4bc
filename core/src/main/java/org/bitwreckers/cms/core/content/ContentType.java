package org.bitwreckers.cms.core.content;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A content type: the shape and rules of its documents, loaded from a JSON descriptor.
 *
 * @param name        type name (lower snake case), used in URLs and storage
 * @param label       human label
 * @param description what the type is for
 * @param kind        collection, single or submission
 * @param read        who may read published documents through the delivery API
 * @param create      who may create documents (PUBLIC: through the delivery API's forms)
 * @param slugFrom    field the slug is derived from when a document gives none
 * @param fields      fields in declaration order
 * @param reviewers   roles besides staff that may read this type's documents on the admin API (e.g. expert)
 * @param onSubmit    mails sent (through the job queue) when the public submits a document
 * @param source      where the descriptor came from (for messages)
 */
public record ContentType(String name,
                          String label,
                          String description,
                          ContentKind kind,
                          Access read,
                          Access create,
                          Optional<String> slugFrom,
                          List<FieldDefinition> fields,
                          List<String> reviewers,
                          List<SubmitMail> onSubmit,
                          String source) {

    /**
     * A mail to send when a document is submitted.
     *
     * @param template mail template name
     * @param to       {@code team} (the team inbox) or {@code field:<name>} (an e-mail field of the submission)
     */
    public record SubmitMail(String template, String to) {
    }

    /** Names the platform adds to every delivered document; a descriptor may not use them for fields. */
    public static final List<String> SYSTEM_FIELDS = List.of("id", "slug", "created_at", "updated_at", "published_at");

    /**
     * @param fieldName a field name
     * @return the field, if declared
     */
    public Optional<FieldDefinition> field(String fieldName) {
        for (FieldDefinition f : fields) {
            if (f.name().equals(fieldName)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** @return fields by name */
    public Map<String, FieldDefinition> byName() {
        return fields.stream().collect(Collectors.toMap(FieldDefinition::name, Function.identity()));
    }

    /** @return whether documents go through draft and publish */
    public boolean publishable() {
        return kind != ContentKind.SUBMISSION;
    }

    /** @return whether the delivery API may serve published documents of this type */
    public boolean publiclyReadable() {
        return read == Access.PUBLIC && publishable();
    }
}
