/** The site's delivery routes declared as data, and the small named queries behind computed routes. */
package org.bitwreckers.cms.core.site;
