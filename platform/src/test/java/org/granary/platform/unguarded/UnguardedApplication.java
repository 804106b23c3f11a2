package org.granary.platform.unguarded;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A service whose author forgot to say who may write. */
@SpringBootApplication
public class UnguardedApplication {
    @RestController
    static class ForgetfulController {
        @PostMapping("/anyone-may-write")
        String write() {
            return "written";
        }
    }
}
