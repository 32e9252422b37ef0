import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassElement;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Build step (run by cli/pom.xml with the JDK's source launcher): rewrites every class file of a jar
 * older than {@code TARGET} as a {@code TARGET} class file, in place, with the stack maps that class
 * files from Java 6 on must carry computed by the JDK's own class-file API (java.lang.classfile).
 *
 * <p>Why: picocli ships Java 5 class files, which the JDK's AOT cache (JEP 483/514) cannot hold, so
 * every client command loaded its ~175 picocli classes from the jar. The code is unchanged; only the
 * class-file version and the verification data it needs are new. Class files already at or above
 * the target (module-info, versioned entries) and every other entry are copied as they are.
 *
 * <p>Usage: {@code java UpgradeClassFiles.java JAR}
 */
public final class UpgradeClassFiles {

    private static final int TARGET = ClassFile.JAVA_21_VERSION;

    /**
     * The new version first, so that every method is built for it, and every method's code rebuilt
     * (rather than copied), which is when the stack maps are computed.
     */
    private static final ClassTransform UPGRADE = new ClassTransform() {
        @Override
        public void atStart(ClassBuilder builder) {
            builder.withVersion(TARGET, 0);
        }

        @Override
        public void accept(ClassBuilder builder, ClassElement element) {
            if (!(element instanceof ClassFileVersion)) {
                builder.with(element);
            }
        }
    }.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL));

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java UpgradeClassFiles.java JAR");
        }
        Path jar = Path.of(args[0]);
        Path upgraded = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int count = 0;
        try (JarFile in = new JarFile(jar.toFile());
                // The jar's own classes resolve the hierarchy of its classes (stack maps need common
                // supertypes); the JDK's resolve the rest.
                URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                OutputStream file = Files.newOutputStream(upgraded);
                JarOutputStream out = new JarOutputStream(file)) {
            ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.ofResourceParsing(classes)
                            .orElse(ClassHierarchyResolver.defaultResolver())));
            for (JarEntry entry : Collections.list(in.entries())) {
                byte[] bytes;
                try (InputStream stream = in.getInputStream(entry)) {
                    bytes = stream.readAllBytes();
                }
                if (entry.getName().endsWith(".class")) {
                    ClassModel model = classFile.parse(bytes);
                    if (model.majorVersion() < TARGET) {
                        bytes = classFile.transformClass(model, UPGRADE);
                        count++;
                    }
                }
                JarEntry copy = new JarEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        if (count == 0) {
            throw new IllegalStateException(jar + " holds no class file older than version " + TARGET
                    + ": this step is no longer needed");
        }
        Files.move(upgraded, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
