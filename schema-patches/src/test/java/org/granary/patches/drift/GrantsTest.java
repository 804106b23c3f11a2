package org.granary.patches.drift;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GrantsTest {
    @Test
    void changesOnlyTheGranteesWhosePrivilegesDiffer() {
        assertThat(Grants.changes("PUBLIC: EXECUTE; reader: EXECUTE", "PUBLIC: EXECUTE; writer: EXECUTE",
                "ON FUNCTION public.f()", "", "")).containsExactly(
                        "REVOKE ALL ON FUNCTION public.f() FROM reader;",
                        "GRANT EXECUTE ON FUNCTION public.f() TO writer;");
    }

    @Test
    void grantsWithAndWithoutGrantOptionAsTwoStatements() {
        assertThat(Grants.changes("writer: SELECT", "writer: SELECT; writer (with grant option): INSERT, UPDATE",
                "ON TABLE public.granule", "", "")).containsExactly(
                        "REVOKE ALL ON TABLE public.granule FROM writer;",
                        "GRANT SELECT ON TABLE public.granule TO writer;",
                        "GRANT INSERT, UPDATE ON TABLE public.granule TO writer WITH GRANT OPTION;");
    }

    @Test
    void namesTheColumnAfterEachPrivilegeOfAColumnGrant() {
        assertThat(Grants.changes(null, "reader: SELECT, UPDATE", "ON TABLE public.granule", " (name)", ""))
                .containsExactly("GRANT SELECT (name), UPDATE (name) ON TABLE public.granule TO reader;");
    }

    @Test
    void putsThePrefixOfDefaultPrivilegesBeforeEachStatement() {
        assertThat(Grants.changes(Grants.defaultFor("functions"), null, "ON FUNCTIONS", "", "ALTER DEFAULT PRIVILEGES "))
                .containsExactly("ALTER DEFAULT PRIVILEGES REVOKE ALL ON FUNCTIONS FROM PUBLIC;");
    }
}
