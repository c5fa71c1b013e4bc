/** One page of a listing (documents, users, jobs, mail...) and how it is read from rows with a window count. */
package org.bitwreckers.cms.core.paging;
