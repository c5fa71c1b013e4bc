/** E-mail: templates, the message store, delivery over SMTP through the job queue. */
package org.bitwreckers.cms.core.mail;
