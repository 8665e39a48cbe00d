package org.vdfs.itests.karaf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/** Runs shell commands in a Karaf session, as a user at the console would, and returns what they print. */
final class Shell {

    /** What a command printed, and what it threw (null when it succeeded). */
    record Result(String out, Exception error) {
        boolean ok() {
            return error == null;
        }
    }

    private final SessionFactory sessions;

    Shell(SessionFactory sessions) {
        this.sessions = sessions;
    }

    Result run(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
        Exception error = null;
        try {
            Object value = session.execute(command);
            if (value != null) {
                out.println(value);
            }
        } catch (Exception e) {
            error = e;
            out.println(e.getMessage());
        } finally {
            session.close();
        }
        out.flush();
        return new Result(bytes.toString(StandardCharsets.UTF_8), error);
    }

    /** Runs a command that must succeed. */
    String ok(String command) {
        Result r = run(command);
        if (!r.ok()) {
            throw new AssertionError("`" + command + "` failed: " + r.error() + "\n" + r.out());
        }
        return r.out();
    }
}
