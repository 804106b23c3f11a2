package org.granary.platform.database;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jooq.Context;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.RenderContext.CastMode;
import org.jooq.ResultQuery;
import org.jooq.impl.CustomQueryPart;
import org.jooq.impl.DSL;

/**
 * A statement built with jOOQ once, with a named parameter ({@code DSL.param("checksum",
 * String.class)}) for each value that varies, and rendered to SQL once. A push runs a few
 * statements, and building and rendering each of them anew took about a tenth of
 * ingest-service's CPU and a fifteenth of an archive node's. Each execution binds its values to
 * that SQL and still runs through jOOQ, so transactions, exception translation and logging are
 * those of any other statement. jOOQ gets the SQL in pieces that it writes out as they are,
 * with a value between each two: handed over as a plain SQL template, it scanned the whole text
 * character by character at each execution to find the bind markers, a tenth of ingest-service's
 * CPU again.
 *
 * <p>Every value that varies must be a named parameter that appears once in the statement, and
 * constants must be inline: the statement is refused otherwise, at start rather than with wrong
 * values bound later.
 */
public final class RenderedStatement {
    /** Stands for a bind marker while the SQL is cut; no rendered SQL holds it (checked). */
    private static final String CUT = "\u0001";
    private final String sql;
    private final List<String> pieces;
    private final List<Param<?>> parameters;
    /** For each bind variable of the SQL, in its order, the index of the caller's value. */
    private final int[] valueIndexes;

    private RenderedStatement(String sql, List<String> pieces, List<Param<?>> parameters, int[] valueIndexes) {
        this.sql = sql;
        this.pieces = pieces;
        this.parameters = parameters;
        this.valueIndexes = valueIndexes;
    }

    /**
     * Renders {@code statement}; {@code parameterNames} are its named parameters in the order
     * in which {@link #query} and {@link #execute} take their values.
     */
    public static RenderedStatement of(DSLContext database, Query statement, String... parameterNames) {
        Map<String, Param<?>> named = new LinkedHashMap<>();
        for (Param<?> parameter : statement.getParams().values()) {
            if (parameter.isInline()) {
                continue;
            }
            if (parameter.getParamName() == null) {
                throw new IllegalArgumentException("every value that varies must be a named parameter, and constants inline: an unnamed "
                        + parameter.getDataType().getName() + " value " + parameter.getValue() + " is neither");
            }
            named.put(parameter.getParamName(), parameter);
        }
        if (statement.getBindValues().size() != named.size()) {
            throw new IllegalArgumentException("every named parameter must appear once: " + named.keySet() + " for "
                    + statement.getBindValues().size() + " bind values");
        }
        if (!Set.copyOf(Arrays.asList(parameterNames)).equals(named.keySet()) || parameterNames.length != named.size()) {
            throw new IllegalArgumentException("parameters " + Arrays.toString(parameterNames) + " do not match the statement's " + named.keySet());
        }
        List<String> order = Arrays.asList(parameterNames);
        int[] valueIndexes = named.keySet().stream().mapToInt(order::indexOf).toArray();
        List<Param<?>> parameters = new ArrayList<>();
        for (String name : parameterNames) {
            parameters.add(named.get(name));
        }
        String sql = database.render(statement);
        return new RenderedStatement(sql, pieces(database, sql, valueIndexes.length), List.copyOf(parameters), valueIndexes);
    }

    /** The statement with these values bound, in the order of the names given to {@link #of}, to fetch its rows. */
    public ResultQuery<Record> query(DSLContext database, Object... values) {
        return database.resultQuery("{0}", bound(values));
    }

    /** Executes the statement with these values, in the order of the names given to {@link #of}. */
    public int execute(DSLContext database, Object... values) {
        return database.execute("{0}", bound(values));
    }

    /** The SQL as rendered, with a {@code ?} for each value. */
    public String sql() {
        return sql;
    }

    private QueryPart bound(Object[] values) {
        return CustomQueryPart.of(new Bound(pieces, bindings(values)));
    }

    private QueryPart[] bindings(Object[] values) {
        if (values.length != parameters.size()) {
            throw new IllegalArgumentException(parameters.size() + " values expected, " + values.length + " given");
        }
        QueryPart[] bindings = new QueryPart[valueIndexes.length];
        for (int i = 0; i < valueIndexes.length; i++) {
            int index = valueIndexes[i];
            bindings[i] = DSL.val(values[index], parameters.get(index).getDataType());
        }
        return bindings;
    }

    /**
     * The rendered SQL cut at its bind markers, so that an execution writes the pieces out as
     * they are with a value between each two. jOOQ's plain SQL template tells which {@code ?}
     * are markers (not those in literals or comments): each becomes a character no SQL holds.
     */
    private static List<String> pieces(DSLContext database, String sql, int markers) {
        if (sql.contains(CUT)) {
            throw new IllegalArgumentException("the rendered statement holds U+0001: " + sql);
        }
        QueryPart[] cuts = new QueryPart[markers];
        Arrays.fill(cuts, CustomQueryPart.of(context -> context.sql(CUT, true)));
        List<String> pieces = List.of(database.renderContext().visit(DSL.sql(sql, (Object[]) cuts)).render().split(CUT, -1));
        if (pieces.size() != markers + 1) {
            throw new IllegalStateException(markers + " bind markers expected, " + (pieces.size() - 1) + " found in " + sql);
        }
        return pieces;
    }

    /** The rendered SQL with the values of one execution, each written as a bare marker where the SQL had it. */
    private record Bound(List<String> pieces, QueryPart[] values) implements Consumer<Context<?>> {
        @Override
        public void accept(Context<?> context) {
            context.sql(pieces.getFirst(), true);
            for (int i = 0; i < values.length; i++) {
                QueryPart value = values[i];
                context.castMode(CastMode.NEVER, inner -> inner.visit(value));
                context.sql(pieces.get(i + 1), true);
            }
        }
    }
}
