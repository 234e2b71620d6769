package com.dataforge.server;

import com.dataforge.bootstrap.FileTransfer;
import com.dataforge.bootstrap.ServeOptions;
import com.dataforge.bootstrap.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The command line shared by {@code import} and {@code export}: positional arguments, the command's own flags, the
 * flags that choose a running server ({@code --url}, {@code --key}, {@code --cacert}), and every other flag read by
 * {@link ServeOptions} exactly as {@code serve} reads it ({@code --db}, {@code --schemas}, {@code --memory-limit},
 * ...) together with the DATAFORGE_* variables, so a direct transfer opens the database serve would.
 */
final class TransferCommandLine {

    /** The variable an API key may come from instead of {@code --key}, which shows in the process list. */
    static final String KEY_VARIABLE = "DATAFORGE_API_KEY";

    final List<String> positional = new ArrayList<>();
    final Map<String, String> own = new LinkedHashMap<>();
    /** Repeatable flags of the command's own ({@code --filter}), in order. */
    final Map<String, List<String>> repeated = new LinkedHashMap<>();
    private final List<String> serveArgs = new ArrayList<>();
    boolean help;

    /**
     * @param valueFlags the command's own flags that take a value
     * @param switches the command's own flags that take none
     * @param repeatable the command's own flags that may be given more than once
     * @throws IllegalArgumentException naming the flag at fault
     */
    static TransferCommandLine parse(String[] args, List<String> valueFlags, List<String> switches,
            List<String> repeatable) {
        TransferCommandLine line = new TransferCommandLine();
        List<String> remote = List.of("--url", "--key", "--cacert");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                line.help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.equals("-")) {
                line.positional.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            if (switches.contains(flag)) {
                line.own.put(flag, "true");
                continue;
            }
            if (valueFlags.contains(flag) || remote.contains(flag) || repeatable.contains(flag)) {
                String value;
                if (equals >= 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                if (repeatable.contains(flag)) {
                    line.repeated.computeIfAbsent(flag, f -> new ArrayList<>()).add(value);
                } else {
                    line.own.put(flag, value);
                }
                continue;
            }
            // One of serve's settings: passed on whole, with its value, for ServeOptions to read and check.
            Setting setting = Arrays.stream(Setting.values()).filter(s -> s.flag().filter(flag::equals).isPresent())
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown option '" + flag
                            + "'; --help lists them"));
            line.serveArgs.add(arg);
            if (equals < 0 && !setting.isSwitch()) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                line.serveArgs.add(args[++i]);
            }
        }
        if (line.own.containsKey("--url") && !line.serveArgs.isEmpty()) {
            throw new IllegalArgumentException(line.serveArgs.getFirst() + " configures a database opened directly;"
                    + " with --url the server's own settings apply");
        }
        if (!line.own.containsKey("--url") && (line.own.containsKey("--key") || line.own.containsKey("--cacert"))) {
            throw new IllegalArgumentException((line.own.containsKey("--key") ? "--key" : "--cacert")
                    + " is for a running server: give --url too");
        }
        return line;
    }

    /** The transfer these options describe: through {@code --url}'s server, or straight into the database file. */
    FileTransfer transfer(Map<String, String> environment) {
        Optional<String> url = Optional.ofNullable(own.get("--url"));
        if (url.isPresent()) {
            Optional<String> key = Optional.ofNullable(own.get("--key"))
                    .or(() -> Optional.ofNullable(environment.get(KEY_VARIABLE)).filter(k -> !k.isBlank()));
            Optional<SSLContext> trust = Optional.ofNullable(own.get("--cacert")).map(f -> trusting(Path.of(f)));
            URI address;
            try {
                address = URI.create(url.get());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--url '" + url.get() + "' is not an address: " + e.getMessage());
            }
            if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme())) {
                throw new IllegalArgumentException("--url '" + url.get() + "' must start with http:// or https://");
            }
            return FileTransfer.remote(address, key, trust);
        }
        ServeOptions options = ServeOptions.parse(serveArgs.toArray(String[]::new), environment);
        Main.examplesInstead(options.given(Setting.SCHEMAS)).ifPresent(options.server()::schemas);
        return FileTransfer.direct(options.server());
    }

    /** Trust in the certificates of a PEM file (a private CA, or the server's self-signed certificate). */
    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalArgumentException("--cacert " + pem + " holds no PEM certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("--cacert " + pem + ": " + e.getMessage());
        }
    }
}
