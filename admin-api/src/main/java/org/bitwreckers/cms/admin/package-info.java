/** The admin API for editors: content CRUD, publishing, versions, API tokens, content types. */
package org.bitwreckers.cms.admin;
