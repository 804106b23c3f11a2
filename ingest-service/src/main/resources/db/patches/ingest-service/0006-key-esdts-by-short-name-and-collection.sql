-- An archive holds several collections of one ESDT at once (OMI: collections 3 and 4), so the
-- registry is keyed by short name and collection, and a granule refers to its ESDT by both.
ALTER TABLE granule DROP CONSTRAINT granule_esdt_fkey;
ALTER TABLE esdt DROP CONSTRAINT esdt_pkey;
ALTER TABLE esdt ADD CONSTRAINT esdt_pkey PRIMARY KEY (short_name, collection_version);

-- Loading a catalogue with another collection of a short name replaced the row of the collection
-- its granules belong to. Such a collection gets its row back, as the registry held it under the
-- other collection (the pattern's {collection} field tells the two apart).
INSERT INTO esdt (short_name, collection_version, processing_level, description, file_name_pattern, time_unit,
                  duplicate_policy, retention)
SELECT registered.short_name, granules.collection, registered.processing_level, registered.description,
       registered.file_name_pattern, registered.time_unit, registered.duplicate_policy, registered.retention
FROM (SELECT DISTINCT esdt, collection FROM granule) AS granules
JOIN esdt AS registered ON registered.short_name = granules.esdt
WHERE granules.collection <> registered.collection_version;

-- Checked against the existing rows by a later patch, without holding up pushes meanwhile.
ALTER TABLE granule ADD CONSTRAINT granule_esdt_fkey FOREIGN KEY (esdt, collection)
    REFERENCES esdt (short_name, collection_version) NOT VALID;
