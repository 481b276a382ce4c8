package org.chorus.hub.accounts;

import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/** Who is calling, and with which token. Anonymous callers have no principal. */
public record Principal(Account user, TokenInfo token) {

    public boolean siteAdmin() {
        return user.siteAdmin();
    }

    /** Read tokens may look but never change anything, whatever their user may do. */
    public void requireWriteToken() {
        if (!token.role().includes(Role.WRITE)) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "token '" + token.name() + "' is read-only");
        }
    }

    /** Acting on {@code account}'s own resources: the account itself or a site admin. */
    public void requireSelfOrAdmin(Account account) {
        if (!siteAdmin() && !user.id().equals(account.id())) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "only " + account.name() + " or a site admin may do this");
        }
    }

    public void requireSiteAdmin() {
        if (!siteAdmin()) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "only a site admin may do this");
        }
    }
}
