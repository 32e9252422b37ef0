package dev.parley.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParleyVersionTest {

    @Test
    void theBuildStampsItsVersionAndCommit() {
        ParleyVersion version = ParleyVersion.ofThisBuild();

        assertThat(version.version()).isEqualTo(System.getProperty("parley.expected.version"));
        // A git checkout's abbreviated commit, or 'unknown' outside one: never the unfilled placeholder.
        assertThat(version.commit()).matches("[0-9a-f]{12}|unknown");
    }

    @Test
    void theLineNamesVersionCommitAndRuntime() {
        String line = new ParleyVersion("1.2.3", "0123456789ab").line();

        assertThat(line).startsWith("parley 1.2.3 (commit 0123456789ab) on Java " + Runtime.version() + ", ");
        assertThat(line).contains(System.getProperty("java.vm.name"));
    }
}
