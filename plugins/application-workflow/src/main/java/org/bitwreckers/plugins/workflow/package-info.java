/** The application-workflow plugin: review workflows of the site's applications, and notices of each decision. */
package org.bitwreckers.plugins.workflow;
