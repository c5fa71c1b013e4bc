/** The plugin SPI: extension points plugins implement, compiled against with pf4j in provided scope. */
package org.bitwreckers.cms.spi;
