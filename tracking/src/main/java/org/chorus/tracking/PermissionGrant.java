package org.chorus.tracking;

/** One user's explicit permission on an experiment (key: its id) or a registered model (key: its name). */
public record PermissionGrant(PermissionTarget target, String key, String userId, String username, Permission permission) {}
