-- patch: non-transactional
-- metadata-sync (issue 24). Each statement commits on its own: the checks are added NOT VALID
-- (a moment's lock, no scan) and validated by a statement of their own, which scans the granules
-- while pushes go on; the index is built CONCURRENTLY.

-- The POSIX cksum (unsigned 32-bit CRC) as the legacy catalogue keeps it, and as pushes that compute it store it.
ALTER TABLE granule ADD COLUMN cksum bigint;
ALTER TABLE granule ADD CONSTRAINT granule_cksum_check CHECK (cksum BETWEEN 0 AND 4294967295) NOT VALID;
ALTER TABLE granule VALIDATE CONSTRAINT granule_cksum_check;

-- The quality flag of the legacy catalogue's file_qa (G/S/B/U); null: never checked there.
ALTER TABLE granule ADD COLUMN qa_flag text;
ALTER TABLE granule ADD CONSTRAINT granule_qa_flag_check CHECK (qa_flag IN ('good', 'suspect', 'bad', 'unchecked')) NOT VALID;
ALTER TABLE granule VALIDATE CONSTRAINT granule_qa_flag_check;

-- A granule catalogued from the legacy system has no SHA-256: its bytes are in the old archive, not
-- in ours. Every other granule keeps one (its archive address).
ALTER TABLE granule ADD CONSTRAINT granule_sha256_unless_legacy CHECK (sha256 IS NOT NULL OR source = 'legacy-sync') NOT VALID;
ALTER TABLE granule VALIDATE CONSTRAINT granule_sha256_unless_legacy;
ALTER TABLE granule ALTER COLUMN sha256 DROP NOT NULL;

-- Who made an event's change: null for ingest's own (pushes, PDRs, operators), 'legacy' for a
-- change metadata-sync brought from the legacy catalogue, which it must not send back there.
ALTER TABLE outbox_event ADD COLUMN origin text;

-- The sync compares and fetches key ranges of file names in byte order, over every ESDT, taking the
-- newest version of each name (DISTINCT ON ... ORDER BY file_name, version DESC: this order, no sort).
CREATE INDEX CONCURRENTLY granule_file_name_bytes ON granule (file_name COLLATE "C", version DESC);
