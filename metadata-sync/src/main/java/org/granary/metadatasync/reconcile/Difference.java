package org.granary.metadatasync.reconcile;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.granary.metadatasync.record.SyncRecord;

import static java.util.Objects.requireNonNull;

/**
 * A file the two sides do not agree on: missing on one side, or present on both with different
 * fields (an unmappable legacy row differs in the field {@code unmappable}).
 *
 * @param legacy the legacy side's record, null when missing there
 * @param catalogue the catalogue's record, null when missing there
 */
public record Difference(String fileName, Kind kind, List<Field> fields, SideRecord legacy, SideRecord catalogue) {
    /** What kind of difference. */
    public enum Kind {
        MISSING_ON_CATALOGUE("missing-on-catalogue"), MISSING_ON_LEGACY("missing-on-legacy"), DIFFERENT("different");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Kind ofLabel(String label) {
            for (Kind kind : values()) {
                if (kind.label.equals(label)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("no difference kind " + label);
        }
    }

    /** A canonical field and its value on each side. */
    public record Field(String name, Object legacy, Object catalogue) {
    }

    public Difference {
        requireNonNull(fileName, "fileName is null");
        requireNonNull(kind, "kind is null");
        fields = List.copyOf(fields);
    }

    /** How the two sides' states of one file differ, if they do (null: the side does not have it). */
    public static Optional<Difference> between(String fileName, SideRecord legacy, SideRecord catalogue) {
        if (legacy == null && catalogue == null) {
            return Optional.empty();
        }
        if (catalogue == null) {
            return Optional.of(new Difference(fileName, Kind.MISSING_ON_CATALOGUE, List.of(), legacy, null));
        }
        if (legacy == null) {
            return Optional.of(new Difference(fileName, Kind.MISSING_ON_LEGACY, List.of(), null, catalogue));
        }
        if (legacy.record() == null || catalogue.record() == null) {
            return Optional.of(new Difference(fileName, Kind.DIFFERENT, List.of(new Field("unmappable", legacy.unmappable(),
                    catalogue.unmappable())), legacy, catalogue));
        }
        List<Field> fields = fields(legacy.record(), catalogue.record());
        return fields.isEmpty() ? Optional.empty() : Optional.of(new Difference(fileName, Kind.DIFFERENT, fields, legacy, catalogue));
    }

    /** The names of the differing fields. */
    public List<String> fieldNames() {
        return fields.stream().map(Field::name).toList();
    }

    private static List<Field> fields(SyncRecord legacy, SyncRecord catalogue) {
        List<Field> fields = new ArrayList<>();
        for (RecordComponent component : SyncRecord.class.getRecordComponents()) {
            Object one = value(component, legacy);
            Object other = value(component, catalogue);
            if (!Objects.equals(one, other)) {
                fields.add(new Field(component.getName(), one, other));
            }
        }
        return fields;
    }

    private static Object value(RecordComponent component, SyncRecord record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("a record's accessor is public", e);
        }
    }
}
