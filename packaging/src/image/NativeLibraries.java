import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Leaves in each jar only the native code of the image's platform, linux-x64, and moves DuckDB's library out to the
 * image's lib/, where {@code System.loadLibrary} finds it once its jar no longer carries it (so DuckDB stops
 * unpacking 72 MB to a temporary file at every start). Run by build-image.sh as a JDK source-file program, so the
 * build needs no zip tool:
 *
 * <pre>java NativeLibraries.java LIB_DIR JAR...</pre>
 */
public final class NativeLibraries {

    private static final String DUCKDB_LINUX_X64 = "libduckdb_java.so_linux_amd64";
    private static final Pattern NATIVE = Pattern.compile(".*\\.(so|dll|dylib|jnilib)(_[a-z0-9_]+)?$");
    private static final Pattern LINUX_X64 = Pattern.compile("(^|.*/)linux[/_-](amd64|x86_64)/.*");

    private NativeLibraries() {
    }

    public static void main(String[] args) throws IOException {
        Path libraries = Path.of(args[0]);
        for (String jar : List.of(args).subList(1, args.length)) {
            trim(Path.of(jar), libraries);
        }
    }

    private static void trim(Path jar, Path libraries) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            List<Path> natives;
            try (Stream<Path> entries = Files.walk(zip.getPath("/"))) {
                natives = entries.filter(Files::isRegularFile)
                        .filter(entry -> NATIVE.matcher(entry.toString()).matches()).toList();
            }
            for (Path entry : natives) {
                String name = entry.toString().substring(1);
                if (name.equals(DUCKDB_LINUX_X64)) {
                    Files.copy(entry, libraries.resolve("libduckdb_java.so"), StandardCopyOption.REPLACE_EXISTING);
                    Files.delete(entry);
                } else if (!LINUX_X64.matcher(name).matches()) {
                    Files.delete(entry);
                }
            }
        }
    }
}
