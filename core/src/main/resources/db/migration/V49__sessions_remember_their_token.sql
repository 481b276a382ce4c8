-- A browser session signed in with a token remembers which, so that revoking the token ends the session too (a leaked,
-- revoked token kept its sessions' access for their 14 days). Null for sessions signed in with a password, which a
-- password change ends, and for sessions started before this column.
ALTER TABLE web_sessions ADD COLUMN token_id VARCHAR(24);
CREATE INDEX web_sessions_by_token ON web_sessions (token_id);
