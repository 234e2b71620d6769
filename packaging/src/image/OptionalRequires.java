import java.io.IOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.attribute.ModuleAttribute;
import java.lang.classfile.attribute.ModuleRequireInfo;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns chosen {@code requires} of third-party module descriptors into {@code requires static}, in place in their
 * jars, and changes nothing else in the descriptor. jlink links every module a non-static {@code requires} names, so
 * a library that requires a JDK module for classes the service never loads (commons-compress and commons-lang3
 * require java.desktop for java.beans, used only by their Pack200 and circuit-breaker classes) would put that
 * module in the image; as {@code requires static} the library still compiles and runs where the module is present,
 * and jlink leaves it out. Run by build-image.sh as a JDK source-file program:
 *
 * <pre>java OptionalRequires.java JAR_DIR MODULE=REQUIRED...</pre>
 *
 * Fails when a named module is not among the jars or does not require the named module (an upgrade dropped it, so
 * its line in build-image.sh should go), so that no line stays in the build without effect.
 */
public final class OptionalRequires {

    private OptionalRequires() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Set<String>> wanted = new HashMap<>();
        for (String pair : List.of(args).subList(1, args.length)) {
            String[] parts = pair.split("=", 2);
            wanted.computeIfAbsent(parts[0], module -> new HashSet<>()).add(parts[1]);
        }
        Set<String> done = new HashSet<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            for (Path jar : jars) {
                rewrite(jar, wanted, done);
            }
        }
        List<String> missing = new ArrayList<>();
        wanted.forEach((module, required) -> required.stream().filter(name -> !done.contains(module + "=" + name))
                .forEach(name -> missing.add(module + " requires " + name)));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no module descriptor among the jars says " + missing
                    + ": remove these from build-image.sh's OPTIONAL_REQUIRES, or find what renamed them");
        }
    }

    /** Rewrites each descriptor in {@code jar} (the root one and any under META-INF/versions/) that is wanted. */
    private static void rewrite(Path jar, Map<String, Set<String>> wanted, Set<String> done) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            List<Path> descriptors;
            try (Stream<Path> entries = Files.walk(zip.getPath("/"))) {
                descriptors = entries.filter(entry -> entry.endsWith("module-info.class")).toList();
            }
            for (Path descriptor : descriptors) {
                ClassModel model = ClassFile.of().parse(Files.readAllBytes(descriptor));
                ModuleAttribute module = model.findAttribute(Attributes.module()).orElseThrow();
                String name = module.moduleName().name().stringValue();
                Set<String> optional = wanted.getOrDefault(name, Set.of());
                List<String> matched = module.requires().stream()
                        .map(require -> require.requires().name().stringValue()).filter(optional::contains).toList();
                if (matched.isEmpty()) {
                    continue;
                }
                matched.forEach(required -> done.add(name + "=" + required));
                List<ModuleRequireInfo> requires = module.requires().stream()
                        .map(require -> matched.contains(require.requires().name().stringValue())
                                ? ModuleRequireInfo.of(require.requires(),
                                        require.requiresFlagsMask() | ClassFile.ACC_STATIC_PHASE,
                                        require.requiresVersion().orElse(null))
                                : require)
                        .toList();
                ModuleAttribute patched = ModuleAttribute.of(module.moduleName(),
                        module.moduleFlagsMask(), module.moduleVersion().orElse(null), requires,
                        module.exports(), module.opens(), module.uses(), module.provides());
                Files.write(descriptor, ClassFile.of().transformClass(model, (builder, element) ->
                        builder.with(element instanceof ModuleAttribute ? patched : element)));
            }
        }
    }
}
