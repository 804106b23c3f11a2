package org.granary.planner.job;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "jobs", description = "Jobs: one PGE run for one time unit")
class JobController {
    private final JobService jobs;

    JobController(JobService jobs) {
        this.jobs = jobs;
    }

    record JobRequest(String pge, String version, Instant time) {
    }

    /** A page of jobs and where the next begins (null after the last). */
    record JobPage(List<Job> items, Long nextAfter) {
    }

    @PostMapping("/jobs")
    @RequiresRole({Role.SCIENTIST, Role.OPERATOR})
    @Operation(summary = "Ask for the job of a PGE's unit holding `time`: made (routine, unique per PGE and unit) and resolved; 201 with "
            + "the job, 409 when that unit's job has started or ended.")
    ResponseEntity<Job> request(@RequestBody JobRequest request, Caller caller) {
        Job job = jobs.request(request.pge(), request.version(), request.time(), caller.label());
        return ResponseEntity.created(URI.create("/jobs/" + job.id())).body(job);
    }

    @GetMapping("/jobs")
    @Operation(summary = "Jobs by id, filtered by state, PGE and campaign; keyset pages: ?after=<nextAfter>")
    JobPage page(@RequestParam(required = false) String state, @RequestParam(required = false) String pge,
            @RequestParam(required = false) Long campaign, @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "limit is 1 to 1000");
        }
        JobState wanted;
        try {
            wanted = state == null ? null : JobState.fromWireName(state);
        } catch (IllegalArgumentException e) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "unknown state '" + state + "'");
        }
        List<Job> items = jobs.page(wanted, pge, campaign, after, limit);
        return new JobPage(items, items.size() < limit ? null : items.getLast().id());
    }

    @GetMapping("/jobs/{id}")
    @Operation(summary = "A job with its input and output granules and every state change with its reason")
    JobDetail job(@PathVariable long id) {
        return jobs.get(id);
    }

    @GetMapping(value = "/jobs/{id}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "The PGE's stderr (or ?stream=stdout) of the last attempt (or ?attempt=N), kept after the job ended")
    ResponseEntity<FileSystemResource> log(@PathVariable long id, @RequestParam(defaultValue = "0") int attempt,
            @RequestParam(defaultValue = "stderr") String stream) {
        Path log = jobs.log(id, attempt, stream);
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(new FileSystemResource(log));
    }

    @PostMapping("/jobs/{id}/cancel")
    @RequiresRole({Role.SCIENTIST, Role.OPERATOR})
    @Operation(summary = "Cancel a job: at once when not started; a queued or running one is stopped by its worker (202 until then). "
            + "Cancelling an ended job changes nothing.")
    ResponseEntity<Job> cancel(@PathVariable long id, Caller caller) {
        Job job = jobs.cancel(id, caller.label());
        return job.state().terminal() ? ResponseEntity.ok(job) : ResponseEntity.accepted().body(job);
    }

    @PostMapping("/jobs/{id}/retry")
    @RequiresRole({Role.SCIENTIST, Role.OPERATOR})
    @Operation(summary = "Plan a failed or cancelled job again, its attempts counted afresh (409 from any other state)")
    Job retry(@PathVariable long id, Caller caller) {
        return jobs.retry(id, caller.label());
    }
}
