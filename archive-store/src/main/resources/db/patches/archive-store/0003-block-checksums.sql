-- The CRC32C of each MiB of an object, computed while it was written (4 bytes per block, in order),
-- so that a range read is verified without reading the whole object. NULL: not known yet (a copy
-- recorded from the disk after a crash); a read that needs them computes and stores them.
ALTER TABLE stored_object ADD COLUMN block_crc32c bytea CHECK (octet_length(block_crc32c) % 4 = 0);
