/**
 * The route table: every route of both listeners declared once (method, path, access, handler, contract), and what is
 * derived from it (Helidon routing with 405 for other methods, the admin permission check, the OpenAPI documents).
 */
package org.bitwreckers.cms.http.route;
