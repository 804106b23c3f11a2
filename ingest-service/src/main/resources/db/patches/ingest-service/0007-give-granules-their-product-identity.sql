-- Duplicate policies work on the product a granule is, not on its file name, which carries the
-- production time: two productions of one OMTO3e day both stayed current. A product is its ESDT,
-- collection, orbit (else start time, else, for level 0 data whose times a PDR has not given, its
-- file name) and part: product_key holds "orbit:1132", "start:2004-10-01T00:00:00Z" or
-- "file:<name>", and part the part of a granule delivered in several files.
ALTER TABLE granule ADD COLUMN part integer;
ALTER TABLE granule ADD COLUMN product_key text;

-- Versions are numbered per product below; two files of one product each had version 1 before.
ALTER TABLE granule DROP CONSTRAINT granule_one_version;

-- A time as the service writes it in a product key: UTC, seconds, microseconds only when not zero.
CREATE FUNCTION pg_temp.key_time(instant timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(instant AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN date_part('microseconds', instant AT TIME ZONE 'UTC')::bigint % 1000000 = 0 THEN ''
                ELSE to_char(instant AT TIME ZONE 'UTC', '.US') END
        || 'Z'
$$;

-- Text matched as it is: every character a regex gives a meaning to is escaped.
CREATE FUNCTION pg_temp.literal_regex(literal text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(literal, '([.^$*+?()\[\]{}|\\])', '\\\1', 'g')
$$;

-- The regex of a time layout of a file-name pattern (yyyy'm'MMdd't'HHmm: a run of one letter is
-- that many digits, quoted text and other characters are literal).
CREATE FUNCTION pg_temp.layout_regex(layout text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    regex text := '';
    here integer := 1;
    run integer;
    closing integer;
BEGIN
    WHILE here <= length(layout) LOOP
        IF substr(layout, here, 1) = '''' THEN
            closing := strpos(substr(layout, here + 1), '''');
            regex := regex || pg_temp.literal_regex(substr(layout, here + 1, closing - 1));
            here := here + closing + 1;
        ELSIF substr(layout, here, 1) ~ '[A-Za-z]' THEN
            run := 1;
            WHILE substr(layout, here + run, 1) = substr(layout, here, 1) LOOP
                run := run + 1;
            END LOOP;
            regex := regex || '[0-9]{' || run || '}';
            here := here + run;
        ELSE
            regex := regex || pg_temp.literal_regex(substr(layout, here, 1));
            here := here + 1;
        END IF;
    END LOOP;
    RETURN regex;
END
$$;

-- The regex of an ESDT's file-name pattern (see the service's FileNamePattern) in which only the
-- {part} field is a capturing group, so that substring() reads a name's part.
CREATE FUNCTION pg_temp.part_regex(pattern text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    regex text := '^';
    here integer := 1;
    closing integer;
    content text;
    field text;
    argument text;
    digits text;
BEGIN
    WHILE here <= length(pattern) LOOP
        IF substr(pattern, here, 1) = '{' THEN
            closing := here + strpos(substr(pattern, here), '}') - 1;
            content := substr(pattern, here + 1, closing - here - 1);
            field := split_part(content, ':', 1);
            argument := CASE WHEN strpos(content, ':') = 0 THEN '' ELSE substr(content, strpos(content, ':') + 1) END;
            digits := CASE WHEN argument = '' THEN '[0-9]{1,9}'
                           WHEN argument LIKE '%+' THEN '[0-9]{' || left(argument, -1) || ',9}'
                           ELSE '[0-9]{' || argument || '}' END;
            regex := regex || CASE field
                WHEN 'part' THEN '(' || digits || ')'
                WHEN 'orbit' THEN digits
                WHEN 'collection' THEN digits
                WHEN 'ignore' THEN '[A-Za-z0-9]{' || argument || '}'
                ELSE pg_temp.layout_regex(argument) END;
            here := closing + 1;
        ELSIF substr(pattern, here, 1) = '[' THEN
            regex := regex || '(?:';
            here := here + 1;
        ELSIF substr(pattern, here, 1) = ']' THEN
            regex := regex || ')?';
            here := here + 1;
        ELSE
            regex := regex || pg_temp.literal_regex(substr(pattern, here, 1));
            here := here + 1;
        END IF;
    END LOOP;
    RETURN regex || '$';
END
$$;

-- Every granule gets its identity; the files of one product are numbered in the order they were
-- ingested, as pushes number them from now on; and where the ESDT replaces, an archived
-- production that a later archived one of the same product follows is superseded, as a push of
-- the later one would have done.
WITH part_patterns AS (
    SELECT short_name, collection_version, pg_temp.part_regex(file_name_pattern) AS regex
    FROM esdt
    WHERE file_name_pattern LIKE '%{part%'
), identified AS (
    SELECT granule.id, granule.esdt, granule.collection, granule.state,
           CASE WHEN granule.orbit IS NOT NULL THEN 'orbit:' || granule.orbit
                WHEN granule.start_time IS NOT NULL THEN 'start:' || pg_temp.key_time(granule.start_time)
                ELSE 'file:' || granule.file_name END AS product_key,
           substring(granule.file_name FROM part_patterns.regex)::integer AS part
    FROM granule
    LEFT JOIN part_patterns ON part_patterns.short_name = granule.esdt AND part_patterns.collection_version = granule.collection
), numbered AS (
    SELECT identified.id, identified.product_key, identified.part,
           row_number() OVER later AS version,
           CASE WHEN identified.state = 'archived' AND esdt.duplicate_policy = 'replace'
                     AND count(*) FILTER (WHERE identified.state = 'archived') OVER (later ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) > 0
                THEN 'superseded' ELSE identified.state END AS state
    FROM identified
    LEFT JOIN esdt ON esdt.short_name = identified.esdt AND esdt.collection_version = identified.collection
    WINDOW later AS (PARTITION BY identified.esdt, identified.collection, identified.product_key, identified.part ORDER BY identified.id)
)
UPDATE granule
SET product_key = numbered.product_key, part = numbered.part, version = numbered.version, state = numbered.state
FROM numbered
WHERE granule.id = numbered.id;
