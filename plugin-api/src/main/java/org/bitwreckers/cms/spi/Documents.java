package org.bitwreckers.cms.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Documents of any content type. Field names are checked against the type's descriptor and every write is
 * validated by it, as for editors; values are always bound, never spliced into SQL.
 *
 * @since 0.1
 */
public interface Documents {
    /**
     * @param type content type name
     * @param id   document id
     * @return the document's current (draft) state
     * @since 0.1
     */
    Optional<Document> get(String type, long id);

    /**
     * Reads a document and locks it until the transaction ends, so concurrent transactions that lock it wait
     * (for example to never sell the same seat twice). Outside a transaction this is {@link #get}.
     *
     * @param type content type name
     * @param id   document id
     * @return the document
     * @since 0.1
     */
    Optional<Document> lock(String type, long id);

    /**
     * @param type  content type name
     * @param where field name to the value it must equal (JSON containment)
     * @param limit at most this many (1 to 1000)
     * @return matching documents, oldest first
     * @since 0.1
     */
    List<Document> find(String type, Map<String, Object> where, int limit);

    /**
     * @param type  content type name
     * @param where field name to the value it must equal
     * @return how many documents match
     * @since 0.1
     */
    long count(String type, Map<String, Object> where);

    /**
     * Stores a new document: a submission (never published), or a draft of a publishable type.
     *
     * @param type  content type name
     * @param data  its fields
     * @param owner the user it belongs to, if any
     * @return the stored document
     * @throws Refusal 422 when the data breaks the descriptor's rules
     * @since 0.1
     */
    Document create(String type, Map<String, Object> data, Optional<Long> owner);

    /**
     * Changes some fields (a null value clears one) and records a version. Fields a plugin maintains are facts
     * (counts, scores), so on a published document the published copy gets them too.
     *
     * @param type   content type name
     * @param id     document id
     * @param fields the fields to change
     * @return the document after the change
     * @throws Refusal 422 when the result breaks the descriptor's rules, 404 when there is no such document
     * @since 0.1
     */
    Document update(String type, long id, Map<String, Object> fields);
}
