package org.bitwreckers.cms.core.analytics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import org.bitwreckers.cms.core.json.Jsons;

/**
 * A report's rows: read as JSON by the dashboard, downloaded as CSV by staff.
 *
 * @param columns the column names
 * @param rows    the rows, each value a String, a Number or null
 */
public record Table(List<String> columns, List<List<Object>> rows) {
    /** Copies the lists. */
    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /**
     * Tables with the same columns as one, each row led by the key of the table it came from (a funnel per workflow,
     * for one CSV).
     *
     * @param keyColumn name of the leading column
     * @param tables    key to table, in order
     * @return the stacked table; with no tables, only the key column
     */
    public static Table stacked(String keyColumn, Map<String, Table> tables) {
        List<String> columns = new ArrayList<>(List.of(keyColumn));
        tables.values().stream().findFirst().ifPresent(first -> columns.addAll(first.columns()));
        List<List<Object>> rows = new ArrayList<>();
        tables.forEach((key, table) -> table.rows().forEach(row -> {
            List<Object> led = new ArrayList<>(row.size() + 1);
            led.add(key);
            led.addAll(row);
            rows.add(led);
        }));
        return new Table(columns, rows);
    }

    /** @return the rows as JSON objects keyed by column */
    public JsonArray json() {
        JsonArrayBuilder array = Jsons.createArrayBuilder();
        for (List<Object> row : rows) {
            JsonObjectBuilder object = Jsons.createObjectBuilder();
            for (int i = 0; i < columns.size(); i++) {
                Object value = row.get(i);
                String key = columns.get(i);
                switch (value) {
                    case null -> object.addNull(key);
                    case Long l -> object.add(key, l);
                    case Integer n -> object.add(key, n);
                    case BigDecimal d -> object.add(key, d);
                    case Double d -> object.add(key, d);
                    case Number n -> object.add(key, new BigDecimal(n.toString()));
                    default -> object.add(key, value.toString());
                }
            }
            array.add(object);
        }
        return array.build();
    }

    /**
     * @return RFC 4180 CSV with a header row; a cell that a spreadsheet would run as a formula is quoted with a
     *         leading apostrophe, because paths and referrers come from the public
     */
    public String csv() {
        StringBuilder out = new StringBuilder();
        line(out, List.copyOf(columns));
        for (List<Object> row : rows) {
            line(out, row);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
