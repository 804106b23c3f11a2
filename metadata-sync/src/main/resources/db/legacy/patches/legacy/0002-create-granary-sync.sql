-- What metadata-sync writes in the legacy database besides the legacy tables. Each of its writes
-- to the legacy tables first inserts its transaction's id here, in the same transaction, so that
-- the capture of legacy changes knows them as its own and does not send them back (no echo).
CREATE SCHEMA granary_sync;

CREATE TABLE granary_sync.applied_by_sync (
    txid bigint      PRIMARY KEY,   -- txid_current() of the transaction that wrote to the legacy tables
    at   timestamptz DEFAULT now()
);

-- What logical decoding (pgoutput) sends to metadata-sync: the legacy tables, and the marks of its
-- own transactions (which it skips). Made here, not by the capture, so that the DBA sees it in the
-- patches and verify knows it.
CREATE PUBLICATION granary_metadata_sync FOR TABLE file_inventory, file_qa, file_lineage, granary_sync.applied_by_sync;
