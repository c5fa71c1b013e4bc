-- A GIN index keeps the entries written since the last vacuum in a pending list, unsorted, which every search reads
-- whole; the index merges it when a vacuum runs (autovacuum, in its own time; never where it is off) or when an insert
-- finds it over gin_pending_list_limit, 4 MB by default. Right after the index jobs of 10,000 projects (or a rebuild)
-- that was 420 pages read by each search: 280 searches a second against 732 once merged. At 256 kB a search reads at
-- most 32 pages of it, and writing entries was no slower in a test (10,000 entries in one statement: 95 ms at 256 kB,
-- 75-170 ms at 4 MB).
ALTER INDEX search_entries_published_tsv SET (gin_pending_list_limit = 256);
ALTER INDEX search_entries_draft_tsv SET (gin_pending_list_limit = 256);
