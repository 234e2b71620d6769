package com.dataforge.infrastructure.transfer;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files an import names: paths as given, and glob patterns ({@code data/2024-*.parquet}, quoted so the shell
 * leaves them) expanded in name order, as DuckDB's readers expand them: {@code **} stands for any number of
 * directories, none included, so {@code data/**}{@code /*.parquet} takes {@code data/a.parquet} too. Every file must exist, and every pattern must
 * match one, before anything is read: a typo never imports the other files alone.
 */
public final class InputFiles {

    private InputFiles() {
    }

    public static List<Path> expand(List<String> arguments) {
        if (arguments.isEmpty()) {
            throw new TransferException("no file given: name at least one file or glob pattern");
        }
        Set<Path> files = new LinkedHashSet<>();
        for (String argument : arguments) {
            if (isPattern(argument)) {
                List<Path> matched = glob(argument);
                if (matched.isEmpty()) {
                    throw new TransferException(argument + ": no file matches this pattern");
                }
                files.addAll(matched);
            } else {
                Path file = Path.of(argument);
                if (!Files.exists(file)) {
                    throw new TransferException(argument + ": no such file");
                }
                if (!Files.isRegularFile(file)) {
                    throw new TransferException(argument + ": not a regular file");
                }
                files.add(file);
            }
        }
        return List.copyOf(files);
    }

    private static boolean isPattern(String argument) {
        return argument.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** Files under the pattern's fixed leading directories whose path relative to them matches the rest. */
    private static List<Path> glob(String pattern) {
        Path whole = Path.of(pattern);
        int fixed = 0;
        while (fixed < whole.getNameCount() - 1 && !isPattern(whole.getName(fixed).toString())) {
            fixed++;
        }
        Path root = whole.isAbsolute() ? whole.getRoot() : Path.of(".");
        Path start = fixed == 0 ? root : root.resolve(whole.subpath(0, fixed));
        List<PathMatcher> matchers = zeroOrMoreDirectories(whole.subpath(fixed, whole.getNameCount()).toString())
                .stream().map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList();
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        int depth = pattern.contains("**") ? Integer.MAX_VALUE : whole.getNameCount() - fixed;
        try (Stream<Path> walk = Files.walk(start, depth)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> matchers.stream().anyMatch(matcher -> matcher.matches(start.relativize(file))))
                    .map(Path::normalize).sorted().toList();
        } catch (IOException e) {
            throw new TransferException(pattern + ": cannot list the files it matches: " + e.getMessage(), e);
        }
    }

    /**
     * Java's {@code **}{@code /} needs at least one directory; the pattern with each of them kept or left out
     * makes it match none as well.
     */
    private static List<String> zeroOrMoreDirectories(String glob) {
        int at = glob.indexOf("**/");
        if (at < 0) {
            return List.of(glob);
        }
        String head = glob.substring(0, at);
        List<String> rest = zeroOrMoreDirectories(glob.substring(at + 3));
        return Stream.concat(rest.stream().map(tail -> head + "**/" + tail), rest.stream().map(tail -> head + tail))
                .toList();
    }
}
