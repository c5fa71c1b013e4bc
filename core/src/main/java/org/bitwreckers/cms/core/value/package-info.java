/** The formats of single values accepted everywhere: e-mail addresses, http(s) URLs, dates, datetimes, media keys. */
package org.bitwreckers.cms.core.value;
