/** HTTP plumbing shared by the delivery and admin APIs: the envelope, errors, JSON bodies, ETags. */
package org.bitwreckers.cms.http;
