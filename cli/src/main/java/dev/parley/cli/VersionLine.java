package dev.parley.cli;

import dev.parley.version.ParleyVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code parley --version}: the version, the git commit it was built from and the Java runtime. */
final class VersionLine implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {ParleyVersion.ofThisBuild().line()};
    }
}
