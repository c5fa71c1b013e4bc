/** The list query language: parsing request parameters against descriptors and compiling them to SQL. */
package org.bitwreckers.cms.core.query;
