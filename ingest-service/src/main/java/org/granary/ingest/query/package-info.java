/**
 * {@code POST /granules/query}: a JSON query (and, or, not, comparisons, in, between, ordering,
 * limit) over an allow-listed set of granule fields, compiled to SQL with jOOQ. Field names are
 * looked up in the allow-list, never copied into SQL; values are typed and bound as parameters.
 */
package org.granary.ingest.query;
