package org.granary.archive.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScrubProgressTest {
    @Test
    void readsAnAnswerWithFieldsItDoesNotKnowAndOneWithoutProblems() {
        ScrubProgress newer = NodeHttp.JSON.readValue("""
                {"state":"finished","objectsVerified":106,"bytesRead":1000,"corrupt":1,"missing":2,"repaired":2,"unrepairable":0,
                 "replicasAdded":0,"problems":1,"somethingLater":true}""", ScrubProgress.class);
        ScrubProgress older = NodeHttp.JSON.readValue("""
                {"state":"running","objectsVerified":5,"bytesRead":10,"corrupt":0,"missing":0,"repaired":0,"unrepairable":0,
                 "replicasAdded":0}""", ScrubProgress.class);

        assertThat(newer.problems()).isEqualTo(1);
        assertThat(newer.missing()).isEqualTo(2);
        assertThat(older.problems()).isZero();
        assertThat(older.running()).isTrue();
    }
}
