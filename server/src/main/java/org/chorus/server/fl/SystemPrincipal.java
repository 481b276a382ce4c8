package org.chorus.server.fl;

import java.time.Instant;
import org.chorus.hub.accounts.Account;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.accounts.TokenInfo;

/**
 * The identity the federated coordinator reads base models and commits rounds under. It has site-admin rights,
 * which is safe because only site admins may start tasks (see {@link FederatedRoutes}); it exists only in memory
 * and authors commits as {@code chorus-federated}.
 */
final class SystemPrincipal {
    static final Principal INSTANCE = new Principal(
            new Account("000000000000000000000000", "chorus-federated", Account.Kind.USER, "Chorus federated coordinator",
                    null, true, Instant.EPOCH),
            new TokenInfo("system", "000000000000000000000000", "coordinator", Role.WRITE, Instant.EPOCH, null, null));

    private SystemPrincipal() {}
}
