package org.chorus.jobs;

/** What a worker quotes to act on a job it holds: the job and the lease token it was given. */
public record LeaseRef(String jobId, String token) {}
