-- The web app's remaining pieces (issue #14): expired sessions swept by a range delete, and a profile's bio.

-- SqlWebSessions deletes expired rows on every sign-in and sign-out (any node): one range scan, not a table scan.
CREATE INDEX web_sessions_by_expiry ON web_sessions (expires_at);

-- A user's own words on their profile page (settings: display name, email, bio; Accounts.updateProfile).
ALTER TABLE accounts ADD COLUMN bio VARCHAR(1024);
