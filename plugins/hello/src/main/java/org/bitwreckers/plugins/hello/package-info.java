/** The hello plugin: the smallest example of a plugin route and a content hook. */
package org.bitwreckers.plugins.hello;
