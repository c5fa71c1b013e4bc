/** Scheduled publishing: publish at / unpublish at, carried out once by the job queue. */
package org.bitwreckers.cms.core.schedule;
