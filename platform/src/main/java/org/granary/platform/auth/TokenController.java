package org.granary.platform.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static java.util.Objects.requireNonNull;

/** The admin API for tokens; every service serves it, all on the same token store. */
@RestController
@RequestMapping("/admin/tokens")
@RequiresRole(Role.ADMIN)
@Tag(name = "tokens", description = "Bearer tokens and their roles (admin only)")
class TokenController {
    private final TokenService tokens;

    TokenController(TokenService tokens) {
        this.tokens = tokens;
    }

    record CreateTokenRequest(Role role, String label) {
        CreateTokenRequest {
            requireNonNull(role, "role is required: one of " + Role.wireNames());
            requireNonNull(label, "label is required: who or what will use the token (for a service token, the service's name)");
            label = label.strip();
            if (label.isEmpty() || label.length() > 200) {
                throw new IllegalArgumentException("label must have 1 to 200 characters");
            }
        }
    }

    record TokenView(long id, Role role, String label, Instant createdAt, Long createdBy, Instant revokedAt) {
        static TokenView of(TokenRow row) {
            return new TokenView(row.id(), row.role(), row.label(), row.createdAt(), row.createdBy(), row.revokedAt());
        }
    }

    /** The secret is in this answer only; it cannot be read again. */
    record CreatedToken(long id, Role role, String label, Instant createdAt, String token) {
    }

    record TokenPage(List<TokenView> items, Long nextAfter) {
    }

    @PostMapping
    @Operation(summary = "Create a token; its secret is shown once. Not idempotent: each call makes a new token.")
    ResponseEntity<CreatedToken> create(@RequestBody CreateTokenRequest request, Caller caller) {
        TokenCreated created = tokens.create(request.role(), request.label(), caller);
        TokenRow row = created.token();
        return ResponseEntity.created(URI.create("/admin/tokens/" + row.id()))
                .body(new CreatedToken(row.id(), row.role(), row.label(), row.createdAt(), created.secret()));
    }

    @GetMapping
    @Operation(summary = "List tokens in id order, without secrets; pass nextAfter as 'after' for the next page")
    TokenPage list(@RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "100") int limit) {
        List<TokenView> items = tokens.page(after, limit).stream().map(TokenView::of).toList();
        Long nextAfter = items.size() == limit ? items.getLast().id() : null;
        return new TokenPage(items, nextAfter);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke a token at once; revoking it again changes nothing")
    TokenView revoke(@PathVariable long id, Caller caller) {
        return TokenView.of(tokens.revoke(id, caller));
    }
}
