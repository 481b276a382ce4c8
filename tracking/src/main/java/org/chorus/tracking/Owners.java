package org.chorus.tracking;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.jdbi.v3.core.Handle;

/**
 * Who owns a new experiment or registered model. The creating user, unless the create request carries the tag
 * {@value #TAG} naming an organisation the caller may write to (site admins may name anyone). The tag is then
 * stored with the owner's name, so clients see and filter on it; it is fixed at creation.
 */
final class Owners {
    static final String TAG = "chorus.owner";

    private Owners() {}

    /** An owning account; {@link #NONE} for what the server itself creates. */
    record Owner(String id, String name) {
        static final Owner NONE = new Owner(null, null);
    }

    /** The owner a create request asks for (its tags, which may name one) on behalf of {@code caller}. */
    static Owner resolve(Handle h, Caller caller, Map<String, String> tags) {
        String requested = tags.get(TAG);
        if (requested == null || requested.isEmpty()) {
            return caller.isAccount() ? new Owner(caller.accountId(), caller.name()) : Owner.NONE;
        }
        record Account(String id, String name, String kind) {}
        Account account = h.createQuery("SELECT id, name, kind FROM accounts WHERE name_key = :k")
                .bind("k", requested.toLowerCase(Locale.ROOT))
                .map((rs, ctx) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3))).findOne()
                .orElseThrow(() -> ChorusException.notFound("Invalid tag '" + TAG + "': no user or organisation named '" + requested + "'"));
        if (caller.siteAdmin() || account.id().equals(caller.accountId())) {
            return new Owner(account.id(), account.name());
        }
        if (account.kind().equals("user")) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "Invalid tag '" + TAG + "': only a site admin may create for another user ("
                    + account.name() + ")");
        }
        Optional<String> role = h.createQuery("SELECT role FROM memberships WHERE org_id = :o AND user_id = :u")
                .bind("o", account.id()).bind("u", caller.accountId()).mapTo(String.class).findOne();
        if (!Permission.ofOrgRole(role.orElse(null)).includes(Permission.EDIT)) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "Invalid tag '" + TAG + "': creating for organisation '"
                    + account.name() + "' needs write access in it");
        }
        return new Owner(account.id(), account.name());
    }

    /** The owner tag is written once, at creation; set-tag and delete-tag refuse it. */
    static void requireChangeable(String key) {
        if (TAG.equals(key)) {
            throw ChorusException.invalid("Tag '" + TAG + "' names the owner, which is set at creation and cannot be changed");
        }
    }

    /** The tags to store: the request's, with the owner tag set to the owner's name (or dropped when there is none). */
    static Map<String, String> tagsWith(Map<String, String> tags, Owner owner) {
        Map<String, String> out = new LinkedHashMap<>(tags);
        out.remove(TAG);
        if (owner.id() != null) {
            out.put(TAG, owner.name());
        }
        return out;
    }
}
