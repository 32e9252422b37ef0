package dev.parley.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version line: {@code parley 0.1.0 (commit 1a2b3c4d5e6f) on Java 25.0.1+8-LTS, Eclipse Adoptium
 * OpenJDK 64-Bit Server VM}. The version and commit come from {@code build.properties}, which the
 * build fills in (see shared/pom.xml); a build from outside a git checkout says {@code commit unknown}.
 */
public record ParleyVersion(String version, String commit) {

    private static final String RESOURCE = "build.properties";

    /** The version of the classes on the class path. */
    public static ParleyVersion ofThisBuild() {
        Properties build = new Properties();
        try (InputStream in = ParleyVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the build left out " + RESOURCE);
            }
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new ParleyVersion(build.getProperty("version"), build.getProperty("commit"));
    }

    /** The line {@code parley --version} prints and the server logs, naming the runtime it runs on. */
    public String line() {
        return "parley " + version + " (commit " + commit + ")"
                + " on Java " + Runtime.version() + ", " + System.getProperty("java.vendor") + " "
                + System.getProperty("java.vm.name");
    }
}
