package org.granary.ingest.pdr;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@code OBJECT = NAME; ... END_OBJECT = NAME;} block (or the whole text): its parameters and the objects inside. */
record OdlObject(String name, int line, Map<String, OdlParameter> parameters, List<OdlObject> objects) {
    OdlObject {
        parameters = Map.copyOf(parameters);
        objects = List.copyOf(objects);
    }

    Optional<OdlParameter> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    List<OdlObject> objects(String name) {
        return objects.stream().filter(object -> object.name().equals(name)).toList();
    }
}
