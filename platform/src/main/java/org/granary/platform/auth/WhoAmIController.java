package org.granary.platform.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lets a client check its token before it relies on it. */
@RestController
@Tag(name = "tokens")
class WhoAmIController {
    record Identity(long tokenId, Role role, String label) {
    }

    @GetMapping("/auth/whoami")
    @Operation(summary = "The role and label of the bearer token sent; 401 without a valid one")
    Identity whoami(Caller caller) {
        return new Identity(caller.tokenId(), caller.role(), caller.label());
    }
}
