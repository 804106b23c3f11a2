-- The index built by patch 0008 becomes the constraint that pushes name in ON CONFLICT.
ALTER TABLE granule ADD CONSTRAINT granule_one_product_version UNIQUE USING INDEX granule_one_product_version;
