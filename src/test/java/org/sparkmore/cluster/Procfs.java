package org.sparkmore.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Linux's /proc says about a running process: its environment, its command line and the TCP ports it
 * listens on. The cluster test reads the executors' environment (the one Spark built for them) and checks that
 * nothing it started listens beyond loopback.
 */
final class Procfs {

    private static final Path PROC = Path.of("/proc");

    private Procfs() {
    }

    static boolean available() {
        return Files.isReadable(PROC.resolve("self/environ")) && Files.isReadable(PROC.resolve("net/tcp"));
    }

    /** The process's environment, or empty if it has gone. */
    static Optional<Map<String, String>> environ(long pid) {
        return read(pid, "environ").map(s -> {
            Map<String, String> env = new HashMap<>();
            for (String kv : s.split("\0")) {
                int eq = kv.indexOf('=');
                if (eq > 0) env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            return env;
        });
    }

    /** The command line, arguments separated by spaces, or empty if the process has gone. */
    static Optional<String> cmdline(long pid) {
        return read(pid, "cmdline").map(s -> s.replace('\0', ' ').strip());
    }

    private static Optional<String> read(long pid, String file) {
        try {
            return Optional.of(new String(Files.readAllBytes(PROC.resolve(pid + "/" + file)), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Listening TCP sockets of the given processes bound to anything but loopback, as "pid PID listens on ADDR:PORT"
     * (ADDR as the kernel writes it, in hex); empty when all of them listen on 127.0.0.0/8 or ::1 only.
     */
    static List<String> nonLoopbackListeners(Iterable<Long> pids) throws IOException {
        Map<String, String> listeners = new HashMap<>(); // socket inode -> local address
        for (String table : new String[] {"net/tcp", "net/tcp6"}) {
            Path p = PROC.resolve(table);
            if (!Files.isReadable(p)) continue;
            List<String> lines = Files.readAllLines(p, StandardCharsets.US_ASCII);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // f[1] local address, f[3] state (0A = LISTEN), f[9] inode
                if (f.length > 9 && f[3].equals("0A")) listeners.put(f[9], f[1]);
            }
        }
        List<String> wide = new ArrayList<>();
        for (long pid : pids) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(pid + "/fd"))) {
                for (Path fd : fds) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (IOException e) {
                        continue; // closed meanwhile
                    }
                    if (!target.startsWith("socket:[")) continue;
                    String address = listeners.get(target.substring(8, target.length() - 1));
                    if (address != null && !isLoopback(address)) wide.add("pid " + pid + " listens on " + address);
                }
            } catch (IOException e) {
                // the process has gone
            }
        }
        return wide;
    }

    /**
     * /proc/net/tcp writes an IPv4 address as 8 hex digits in host (little-endian) byte order, so 127.x.x.x ends in
     * "7F"; tcp6 writes four such words: ::1 and ::ffff:127.x.x.x are the loopback ones.
     */
    static boolean isLoopback(String hexAddressAndPort) {
        String a = hexAddressAndPort.substring(0, hexAddressAndPort.indexOf(':'));
        if (a.length() == 8) return a.endsWith("7F");
        return a.equals("00000000000000000000000001000000")
                || (a.startsWith("0000000000000000FFFF0000") && a.endsWith("7F"));
    }
}
