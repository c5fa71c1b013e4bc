-- Elasticsearch entries carry an external version taken from here before their source is read: whichever write
-- read the newest state carries the highest number, so a late or out-of-order write never replaces a newer one.
CREATE SEQUENCE search_versions;
