package org.bitwreckers.cms.core.content;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DescriptorParserTest {
    /** Each bad descriptor with a part of the message it must produce. */
    private static final List<String[]> BAD = List.of(
            new String[] {"{\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}", "needs a \"name\" string"},
            new String[] {"{\"name\":\"Bad-Name\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}", "lower snake case"},
            new String[] {"{\"name\":\"t\",\"fields\":[]}", "non-empty \"fields\""},
            new String[] {"{\"name\":\"t\",\"feilds\":[]}", "unknown key \"feilds\""},
            new String[] {"{\"name\":\"t\",\"kind\":\"page\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}",
                          "\"kind\" must be one of collection, single, submission"},
            new String[] {"{\"name\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"strng\"}]}", "field 'a': unknown type 'strng'"},
            new String[] {"{\"name\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\",\"requird\":true}]}",
                          "field 'a': unknown key \"requird\""},
            new String[] {"{\"name\":\"t\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}", "field 'id': is a reserved name"},
            new String[] {"{\"name\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"a\",\"type\":\"text\"}]}",
                          "field 'a': is declared twice"},
            new String[] {"{\"name\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"enum\",\"values\":[]}]}", "non-empty \"values\""},
            new String[] {"{\"name\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"integer\",\"min\":5,\"max\":1}]}",
                          "min is greater than max"},
            new String[] {"{\"name\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\",\"min\":1}]}", "use minLength/maxLength"},
            new String[] {"{\"name\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\",\"pattern\":\"[\"}]}",
                          "not a valid regular expression"},
            new String[] {"{\"name\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"relation\"}]}", "needs a \"to\" string"},
            new String[] {"{\"name\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"json\",\"filterable\":true}]}",
                          "cannot be filterable"},
            new String[] {"{\"name\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"integer\",\"default\":\"x\"}]}",
                          "field 'a': default must be a whole number"},
            new String[] {"{\"name\":\"t\",\"slugFrom\":\"b\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}",
                          "slugFrom names unknown field 'b'"},
            new String[] {"{\"name\":\"t\",\"kind\":\"submission\",\"access\":{\"read\":\"public\"},"
                                  + "\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}", "submissions are private"},
            new String[] {"{\"name\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"boolean\",\"required\":\"yes\"}]}",
                          "\"required\" must be true or false"},
            new String[] {"{\"name\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\",\"width\":\"third\"}]}",
                          "field 'a': \"width\" is \"full\" or \"half\" (got 'third')"},
            new String[] {"{\"name\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\",\"group\":\"" + "g".repeat(61)
                                  + "\"}]}", "field 'a': \"group\" is a section title of at most 60 characters"});

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void everyMistakeIsReportedWithSourceFieldAndReason() {
        for (String[] bad : BAD) {
            DescriptorException e = assertThrows(DescriptorException.class,
                                                 () -> DescriptorParser.parse(json(bad[0]), "types/t.json"), bad[0]);
            assertThat(bad[0], e.getMessage(), containsString("types/t.json: "));
            assertThat(bad[0], e.getMessage(), containsString(bad[1]));
        }
    }

    @Test
    void parsesAValidDescriptorWithDefaultsForKind() {
        ContentType type = DescriptorParser.parse(json("""
                {"name": "faq", "kind": "collection", "fields": [
                   {"name": "question", "type": "string", "required": true, "filterable": true},
                   {"name": "order", "type": "integer", "default": 0, "sortable": true}]}"""), "faq.json");
        assertThat(type.read(), is(Access.PUBLIC));
        assertThat(type.create(), is(Access.STAFF));
        assertThat(type.field("order").orElseThrow().defaultValue().orElseThrow().toString(), is("0"));
        ContentType submission = DescriptorParser.parse(json("""
                {"name": "msg", "kind": "submission", "fields": [{"name": "text", "type": "text"}]}"""), "msg.json");
        assertThat(submission.read(), is(Access.STAFF));
        assertThat(submission.create(), is(Access.PUBLIC));
        assertThat(submission.publishable(), is(false));
    }

    @Test
    void layoutHintsShapeTheFormOnly() {
        ContentType type = DescriptorParser.parse(json("""
                {"name": "talk", "fields": [
                   {"name": "title", "type": "string"},
                   {"name": "starts", "type": "datetime", "group": "When", "width": "half",
                    "description": "In the venue's time zone"},
                   {"name": "ends", "type": "datetime", "group": "When", "width": "half"}]}"""), "talk.json");
        FieldDefinition starts = type.field("starts").orElseThrow();
        assertThat(starts.layout(), is(new FieldDefinition.Layout(Optional.of("In the venue's time zone"),
                                                                  Optional.of("When"), true)));
        assertThat(type.field("title").orElseThrow().layout(),
                   is(new FieldDefinition.Layout(Optional.empty(), Optional.empty(), false)));
        JsonObject described = ContentTypeJson.of(type).getJsonArray("fields").getJsonObject(1);
        assertThat(described.getString("group"), is("When"));
        assertThat(described.getString("width"), is("half"));
        assertThat(described.getString("description"), is("In the venue's time zone"));
        assertThat(ContentTypeJson.of(type).getJsonArray("fields").getJsonObject(0).containsKey("width"), is(false));
    }

    @Test
    void relationsMustPointAtKnownTypes() {
        ContentType a = DescriptorParser.parse(json("""
                {"name": "a", "fields": [{"name": "b", "type": "relation", "to": "missing"}]}"""), "a.json");
        DescriptorException e = assertThrows(DescriptorException.class, () -> ContentTypeRegistry.of(List.of(a)));
        assertThat(e.getMessage(), containsString("a.json: field 'b': relation to unknown type 'missing'"));
    }
}
