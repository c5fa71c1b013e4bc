-- The planner never estimates a condition on these columns themselves: filters and sorts read expressions of them
-- (data ->> 'category'), whose statistics come from their indexes and statistics objects, not from the column. Yet
-- ANALYZE sampled, compared and sorted each of their values (whole jsonb documents, the delivered JSON text, search
-- bodies): about half of its time on these tables, which the job maintenance analyses each time they double (a burst
-- of form submissions, a bulk import). The statistics objects on published_data's fields are still computed.
ALTER TABLE documents ALTER COLUMN data SET STATISTICS 0, ALTER COLUMN published_data SET STATISTICS 0;
ALTER TABLE document_versions ALTER COLUMN data SET STATISTICS 0;
ALTER TABLE published_documents ALTER COLUMN published_data SET STATISTICS 0,
    ALTER COLUMN published_json SET STATISTICS 0;
ALTER TABLE search_entries ALTER COLUMN title SET STATISTICS 0, ALTER COLUMN body SET STATISTICS 0;
