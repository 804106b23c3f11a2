-- patch: non-transactional
-- Each statement commits on its own, so the scans and index builds on granule let pushes go on.
ALTER TABLE granule VALIDATE CONSTRAINT granule_esdt_fkey;

-- Every granule has its product key (patch 0007); the validated check spares SET NOT NULL its scan.
ALTER TABLE granule ADD CONSTRAINT granule_product_key_not_null CHECK (product_key IS NOT NULL) NOT VALID;
ALTER TABLE granule VALIDATE CONSTRAINT granule_product_key_not_null;
ALTER TABLE granule ALTER COLUMN product_key SET NOT NULL;
ALTER TABLE granule DROP CONSTRAINT granule_product_key_not_null;

-- Concurrent pushes of one product race on this index (made a constraint by the next patch): one
-- version each. A granule without parts has a null part, and one null part is as good as another.
CREATE UNIQUE INDEX CONCURRENTLY granule_one_product_version
    ON granule (esdt, collection, product_key, part, version) NULLS NOT DISTINCT;

-- A push looks up the file it brings by name (a retry), and a new PDR the files pushed before it.
CREATE INDEX CONCURRENTLY granule_file_name ON granule (esdt, file_name, version);

-- GET /pdrs/{name}: the newest delivery of a PDR name.
CREATE INDEX CONCURRENTLY pdr_delivery_name ON pdr_delivery (pdr_name, id);
