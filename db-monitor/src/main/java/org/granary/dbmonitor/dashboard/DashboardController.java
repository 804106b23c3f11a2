package org.granary.dbmonitor.dashboard;

import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The service's root leads to the dashboard, whose page is its index.html. */
@Controller
@Hidden
class DashboardController {
    private static final Resource PAGE = new ClassPathResource("static/dashboard/index.html");

    /** Relative, so that it also leads there behind a proxy that adds a path prefix. */
    @GetMapping({"/", "/dashboard"})
    ResponseEntity<Void> toDashboard() {
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("dashboard/")).build();
    }

    @GetMapping("/dashboard/")
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache()).body(PAGE);
    }
}
