/** Community members: public profiles of active user accounts. */
package org.bitwreckers.cms.core.member;
