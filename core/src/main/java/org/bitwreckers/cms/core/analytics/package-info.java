/**
 * Privacy-first analytics: cookieless visits counted from the website's beacons (no address, user agent or account
 * stored), the platform's own facts recorded by the database as states change, daily rollups kept by the job queue,
 * and the reports the admin dashboard reads.
 */
package org.bitwreckers.cms.core.analytics;
