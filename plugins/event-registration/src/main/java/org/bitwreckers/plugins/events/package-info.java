/**
 * The event-registration plugin: sign-ups with a seat limit, the attendee count kept true, and reminders before an
 * event.
 */
package org.bitwreckers.plugins.events;
