package org.chorus.server.web.account;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Account;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.IssuedToken;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.server.http.ErrorResponses;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;

/**
 * {@code /settings/…}: profile, password, access tokens, and an organisation's members for its admins. Every change
 * goes through {@link Accounts} with the caller as the actor, so the API's rules apply unchanged (a token may be
 * revoked only by its user or a site admin, roles only by an organisation admin).
 */
public final class AccountSettingsPages {
    private final WebAuth auth;
    private final Accounts accounts;

    public AccountSettingsPages(WebAuth auth, Accounts accounts) {
        this.auth = auth;
        this.accounts = accounts;
    }

    public void profile(Context ctx) {
        Principal me = auth.required(ctx);
        Account a = accounts.require(me.user().name());
        Accounts.Profile p = accounts.profile(a);
        Pages.render(ctx, "account/settingsProfile.jte", new SettingsViews.Profile(auth.shell(ctx, "Profile"), nav(me, "profile"),
                a.name(), p.fullname(), p.email(), p.bio(), Links.owner(a.name()), null, "1".equals(ctx.queryParam("saved"))));
    }

    /** Saves display name, email and bio through {@link Accounts#updateProfile}; a refusal comes back beside the form. */
    public void updateProfile(Context ctx) {
        Principal me = auth.required(ctx);
        Accounts.Profile sent = new Accounts.Profile(ctx.formParam("fullname"), ctx.formParam("email"), ctx.formParam("bio"));
        try {
            accounts.updateProfile(me, me.user().name(), sent);
        } catch (ChorusException e) {
            Pages.render(ctx, ErrorResponses.status(e.code()), "account/settingsProfile.jte", new SettingsViews.Profile(auth.shell(ctx, "Profile"),
                    nav(me, "profile"), me.user().name(), sent.fullname(), sent.email(), sent.bio(), Links.owner(me.user().name()), e.getMessage(), false));
            return;
        }
        ctx.redirect(Links.settings("profile") + "?saved=1", HttpStatus.SEE_OTHER);
    }

    public void passwordForm(Context ctx) {
        Principal me = auth.required(ctx);
        Pages.render(ctx, "account/settingsPassword.jte", new SettingsViews.Password(auth.shell(ctx, "Password"), nav(me, "password"), null, false));
    }

    /** Checks the current password, sets the new one (every session of the user ends), and sends to the sign-in page. */
    public void changePassword(Context ctx) {
        Principal me = auth.required(ctx);
        String current = Optional.ofNullable(ctx.formParam("current")).orElse("");
        String next = Optional.ofNullable(ctx.formParam("password")).orElse("");
        String confirm = Optional.ofNullable(ctx.formParam("confirm")).orElse("");
        String refusal = null;
        if (accounts.checkPassword(me.user().name(), current).isEmpty()) {
            refusal = "The current password is wrong.";
        } else if (!next.equals(confirm)) {
            refusal = "The new password and its confirmation differ.";
        } else {
            try {
                accounts.setPassword(me, me.user().name(), next);
            } catch (ChorusException e) {
                if (e.code() != ErrorCode.INVALID_ARGUMENT) {
                    throw e;
                }
                refusal = e.getMessage();
            }
        }
        if (refusal != null) {
            Pages.render(ctx, 400, "account/settingsPassword.jte", new SettingsViews.Password(auth.shell(ctx, "Password"),
                    nav(me, "password"), refusal, true));
            return;
        }
        auth.signOut(ctx);
        ctx.redirect(Links.loginThen(Links.home()), HttpStatus.SEE_OTHER);
    }

    public void tokens(Context ctx) {
        Principal me = auth.required(ctx);
        renderTokens(ctx, me, null, null, null, 200);
    }

    /** Creates a token and shows its secret this once (the page is not cached: {@code Cache-Control: no-store}). */
    public void createToken(Context ctx) {
        Principal me = auth.required(ctx);
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("").strip();
        try {
            Role role = Role.parse(Optional.ofNullable(ctx.formParam("role")).orElse("read"));
            IssuedToken issued = accounts.createToken(me, me.user().name(), name, role);
            renderTokens(ctx, me, issued.secret(), issued.info().name(), null, 201);
        } catch (ChorusException e) {
            if (e.code() != ErrorCode.INVALID_ARGUMENT && e.code() != ErrorCode.CONFLICT && e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
            renderTokens(ctx, me, null, null, e.getMessage(), ErrorResponses.status(e.code()));
        }
    }

    public void revokeToken(Context ctx) {
        Principal me = auth.required(ctx);
        accounts.revokeToken(me, me.user().name(), ctx.pathParam("id"));
        ctx.redirect(Links.settings("tokens"), HttpStatus.SEE_OTHER);
    }

    private void renderTokens(Context ctx, Principal me, String secret, String createdName, String error, int status) {
        List<SettingsViews.TokenRow> rows = accounts.tokens(me, me.user().name()).stream()
                .map(t -> new SettingsViews.TokenRow(t.id(), t.name(), t.role().wire(), t.createdAt(), t.lastUsedAt(), t.revoked(),
                        Links.settings("tokens/" + t.id() + "/revoke")))
                .toList();
        Pages.render(ctx, status, "account/settingsTokens.jte", new SettingsViews.Tokens(auth.shell(ctx, "Access tokens"),
                nav(me, "tokens"), rows, secret, createdName, error));
    }

    public void orgMembers(Context ctx) {
        Principal me = auth.required(ctx);
        Account org = requireOrgAdmin(me, ctx.pathParam("org"));
        renderMembers(ctx, me, org, null, 200);
    }

    /** Sets a member's role ({@code role=read|write|admin}) or removes them ({@code role=remove}). */
    public void setMember(Context ctx) {
        Principal me = auth.required(ctx);
        Account org = requireOrgAdmin(me, ctx.pathParam("org"));
        String user = Optional.ofNullable(ctx.formParam("user")).orElse("").strip();
        String role = Optional.ofNullable(ctx.formParam("role")).orElse("");
        try {
            if (role.equals("remove")) {
                accounts.removeMembership(me, org.name(), user);
            } else {
                accounts.setMembership(me, org.name(), user, Role.parse(role));
            }
        } catch (ChorusException e) {
            if (e.code() != ErrorCode.INVALID_ARGUMENT && e.code() != ErrorCode.NOT_FOUND && e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
            renderMembers(ctx, me, org, e.getMessage(), ErrorResponses.status(e.code()));
            return;
        }
        ctx.redirect(Links.orgSettings(org.name()), HttpStatus.SEE_OTHER);
    }

    private void renderMembers(Context ctx, Principal me, Account org, String error, int status) {
        List<SettingsViews.MemberRow> members = accounts.members(org.name()).stream()
                .map(m -> new SettingsViews.MemberRow(m.user().name(), m.role().wire())).toList();
        Pages.render(ctx, status, "account/settingsOrg.jte", new SettingsViews.OrgMembers(auth.shell(ctx, org.name() + " members"),
                nav(me, "org:" + org.name()), org.name(), Links.orgSettings(org.name()), members, error));
    }

    /** The organisation, if the caller administers it (or is a site admin); anything else is the same 404. */
    private Account requireOrgAdmin(Principal me, String name) {
        Optional<Account> org = accounts.find(name).filter(a -> a.kind() == Account.Kind.ORG);
        if (org.isEmpty() || !(me.siteAdmin() || accounts.roleIn(org.get(), me.user()).filter(r -> r.includes(Role.ADMIN)).isPresent())) {
            throw ChorusException.notFound("no such organisation");
        }
        return org.get();
    }

    /** Profile, password, tokens, then one entry per organisation the caller administers. */
    private List<SettingsViews.NavItem> nav(Principal me, String current) {
        List<SettingsViews.NavItem> nav = new ArrayList<>(List.of(
                new SettingsViews.NavItem("Profile", Links.settings("profile"), current.equals("profile")),
                new SettingsViews.NavItem("Password", Links.settings("password"), current.equals("password")),
                new SettingsViews.NavItem("Access tokens", Links.settings("tokens"), current.equals("tokens"))));
        accounts.memberships(me.user()).stream().filter(m -> m.role().includes(Role.ADMIN)).forEach(m -> nav.add(
                new SettingsViews.NavItem(m.org().name() + " members", Links.orgSettings(m.org().name()), current.equals("org:" + m.org().name()))));
        return nav;
    }
}
