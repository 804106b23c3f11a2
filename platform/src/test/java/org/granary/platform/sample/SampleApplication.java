package org.granary.platform.sample;

import java.util.List;
import java.util.Map;
import org.granary.platform.application.GranaryApplication;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import static java.util.Objects.requireNonNull;

/** A service in miniature: one open read, one write for scientists, on its own patched table. */
@SpringBootApplication
public class SampleApplication {
    /** Runs the sample service on its own, as a test may start it in a JVM of its own. */
    public static void main(String[] arguments) {
        GranaryApplication.run(SampleApplication.class, arguments);
    }

    record NewNote(String text) {
        NewNote {
            requireNonNull(text, "text is required");
        }
    }

    @RestController
    static class NoteController {
        private final JdbcClient database;

        NoteController(JdbcClient database) {
            this.database = database;
        }

        @GetMapping("/notes")
        List<String> notes() {
            return database.sql("SELECT text FROM note ORDER BY id").query(String.class).list();
        }

        /** Which kind of thread serves a request (the platform puts requests on platform threads). */
        @GetMapping("/request-thread")
        Map<String, Object> requestThread() {
            return Map.of("virtual", Thread.currentThread().isVirtual(), "name", Thread.currentThread().getName());
        }

        @PostMapping("/notes")
        @RequiresRole(Role.SCIENTIST)
        @ResponseStatus(HttpStatus.CREATED)
        Map<String, Object> add(@RequestBody NewNote note, Caller caller) {
            database.sql("INSERT INTO note (text) VALUES (?)").param(note.text()).update();
            return Map.of("text", note.text(), "by", caller.label());
        }
    }
}
