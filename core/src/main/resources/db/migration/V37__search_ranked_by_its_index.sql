-- Public searches ranked by their index, where PostgreSQL has the rum extension (Debian: postgresql-NN-rum). A GIN
-- index finds the matches but cannot order them: every match's vector was read from the table and ranked, so a search
-- cost grew with its hits (a word in 1 of 40 documents: 4.5 of 7 ms at 100,000 documents). A RUM index keeps each
-- word's positions and returns the best matches first; the page is read from it alone (53 buffers instead of 2,325).
-- Writing an entry costs more under it (10,000 published entries: 2.7 s against 0.4 s), so only the published view,
-- which public searches read, has one. Without the extension, or without the right to create it (it needs a
-- superuser), nothing changes and searches rank as before.
--
-- search_ranking_index() makes the extension and the index where it can, and says whether the index is there. It is
-- run here, by a restore (which leaves both out of the dump, so that a target without the extension, or a role
-- without the right to create it, restores all the same), and by an operator after installing the extension
-- (docs/search.md). Never an error: a speed-up must not stop a migration or a restore.
CREATE FUNCTION search_ranking_index() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'rum')
     AND EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') THEN
    BEGIN
      CREATE EXTENSION rum;
    EXCEPTION WHEN OTHERS THEN -- most often: only a superuser may create it
      RAISE NOTICE 'rum extension not created (%): searches rank without its index', SQLERRM;
    END;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'rum') THEN
    RETURN false;
  END IF;
  CREATE INDEX IF NOT EXISTS search_entries_published_rum ON search_entries USING rum (tsv rum_tsvector_ops)
      WHERE view = 'published';
  RETURN true;
END $$;

SELECT search_ranking_index();
