package org.granary.ingest.pdr;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OdlParserTest {
    @Test
    void readsNestedObjectsAndTheirParameters() throws OdlSyntaxException {
        OdlObject root = OdlParser.parse("""
                ORIGINATING_SYSTEM = EDOS;
                OBJECT = FILE_GROUP;
                  DATA_TYPE = OML0V;
                  OBJECT = FILE_SPEC;
                    FILE_ID = a.PDS;
                  END_OBJECT = FILE_SPEC;
                  OBJECT = FILE_SPEC;
                    FILE_ID = b.PDS;
                  END_OBJECT = FILE_SPEC;
                END_OBJECT = FILE_GROUP;
                """);

        assertThat(root.parameter("ORIGINATING_SYSTEM")).get().extracting(OdlParameter::value, OdlParameter::line).containsExactly("EDOS", 1);
        OdlObject group = root.objects("FILE_GROUP").getFirst();
        assertThat(group.line()).isEqualTo(2);
        assertThat(group.parameter("DATA_TYPE")).get().extracting(OdlParameter::value).isEqualTo("OML0V");
        assertThat(group.objects("FILE_SPEC")).extracting(spec -> spec.parameter("FILE_ID").orElseThrow().value()).containsExactly("a.PDS", "b.PDS");
    }

    @Test
    void unquotesValuesAndKeepsSemicolonsAndEqualSignsInsideQuotes() throws OdlSyntaxException {
        OdlObject root = OdlParser.parse("A = \"x; y = z\";\nB = 'single';\nC = NOT USED ;\nD = \"a\" \"b\";\nE = ;\n");

        assertThat(root.parameter("A").orElseThrow().value()).isEqualTo("x; y = z");
        assertThat(root.parameter("B").orElseThrow().value()).isEqualTo("single");
        assertThat(root.parameter("C").orElseThrow().value()).isEqualTo("NOT USED");
        assertThat(root.parameter("D").orElseThrow().value()).isEqualTo("\"a\" \"b\"");
        assertThat(root.parameter("E").orElseThrow().value()).isEmpty();
    }

    @Test
    void skipsCommentsBetweenAndInsideStatements() throws OdlSyntaxException {
        OdlObject root = OdlParser.parse("/* header\n spanning lines */ A = 1 /* one */; /* after */\nB /* name */ = 2;\nC = \"/* kept */\";");

        assertThat(root.parameter("A").orElseThrow().value()).isEqualTo("1");
        assertThat(root.parameter("B").orElseThrow()).extracting(OdlParameter::value, OdlParameter::line).containsExactly("2", 3);
        assertThat(root.parameter("C").orElseThrow().value()).isEqualTo("/* kept */");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r", "\f\n"})
    void countsLinesWhateverTheLineEnd(String end) throws OdlSyntaxException {
        OdlObject root = OdlParser.parse(String.join(end, "A = 1;", "", "B = 2;", "C = 3;") + end);

        assertThat(root.parameter("C").orElseThrow().line()).isEqualTo(4);
    }

    @Test
    void treatsNamesCaseInsensitivelyAndStopsAtEnd() throws OdlSyntaxException {
        OdlObject root = OdlParser.parse("total_file_count = 1;\nObject = file_group;\nEnd_Object;\nEND;\nthis is not read");

        assertThat(root.parameter("TOTAL_FILE_COUNT")).isPresent();
        assertThat(root.objects("FILE_GROUP")).hasSize(1);
    }

    @Test
    void toleratesTrailingNulPaddingAndWhiteSpace() throws OdlSyntaxException {
        OdlObject root = OdlParser.parse("A = 1;  \t\n\u0000\u0000\u0000");

        assertThat(root.parameter("A")).isPresent();
    }

    @Test
    void reportsAMissingSemicolonAtTheStatementThatLacksIt() {
        assertThatThrownBy(() -> OdlParser.parse("A = 1;\nB = 2\nC = 3;"))
                .isInstanceOf(OdlSyntaxException.class).hasMessage("line 2: B is not ended by ';' before the next statement");
        assertThatThrownBy(() -> OdlParser.parse("A = 1;\nB = 2")).hasMessage("line 2: B is not ended by ';'");
    }

    @Test
    void reportsEachKindOfSyntaxError() {
        assertThatThrownBy(() -> OdlParser.parse("A 1;")).hasMessage("line 1: expected '=' after A, found '1'");
        assertThatThrownBy(() -> OdlParser.parse("A = 1;\n= 2;")).hasMessage("line 2: expected a statement name, found '='");
        assertThatThrownBy(() -> OdlParser.parse("OBJECT = FILE_GROUP;\nA = 1;")).hasMessage("line 1: OBJECT = FILE_GROUP is never closed");
        assertThatThrownBy(() -> OdlParser.parse("OBJECT = FILE_GROUP;\nOBJECT = FILE_SPEC;\nEND_OBJECT = FILE_GROUP;"))
                .hasMessage("line 3: END_OBJECT = FILE_GROUP closes OBJECT = FILE_SPEC of line 2");
        assertThatThrownBy(() -> OdlParser.parse("END_OBJECT = FILE_GROUP;")).hasMessage("line 1: END_OBJECT closes nothing");
        assertThatThrownBy(() -> OdlParser.parse("OBJECT = \"two words\";\nEND_OBJECT;")).hasMessage("line 1: OBJECT needs a name, not '\"two words\"'");
        assertThatThrownBy(() -> OdlParser.parse("A = \"open;\nB = 2;")).hasMessage("line 1: quoted text is not closed");
        assertThatThrownBy(() -> OdlParser.parse("A = 1;\n/* open\nB = 2;")).hasMessage("line 2: comment is not closed");
        assertThatThrownBy(() -> OdlParser.parse("A = 1;\nA = 2;")).hasMessage("line 2: A is already given on line 1");
        assertThatThrownBy(() -> OdlParser.parse("A = 1;\n\u0001B = 2;")).hasMessage("line 2: expected a statement name, found character U+0001");
    }

    @Test
    void refusesTextThatIsNotUtf8() {
        byte[] latin1 = "A = caf\u00e9;".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> OdlParser.parse(latin1, Set.of("A"))).isInstanceOf(OdlSyntaxException.class)
                .hasMessage("the text after byte 0 is neither ASCII nor UTF-8");
    }
}
