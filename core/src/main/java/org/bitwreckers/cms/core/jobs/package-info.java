/** The transactional job queue: enqueue with the write, run with retries, park what keeps failing. */
package org.bitwreckers.cms.core.jobs;
