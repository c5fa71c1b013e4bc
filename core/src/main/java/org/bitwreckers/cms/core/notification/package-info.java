/** In-app notifications per user, streamed live (Server-Sent Events) to whichever node the user is on. */
package org.bitwreckers.cms.core.notification;
